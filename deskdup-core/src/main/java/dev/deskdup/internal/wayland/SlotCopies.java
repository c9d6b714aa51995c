package dev.deskdup.internal.wayland;

import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotDebts;
import dev.deskdup.spi.SlotMemory;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * The copying mode of the Wayland source, for the two cases where a frame cannot be a view of PipeWire's buffer:
 * the slots' memory belongs to someone else (a shared ring file: {@link SlotMemoryAllocator}), or the compositor
 * sends RGBx/RGBA, which deskdup delivers as BGRA (R and B swapped while copying). Each slot has its own memory and
 * a {@link SlotDebt}; a fill copies this frame's damage plus what the slot missed, so bytes copied scale with the
 * change, and the PipeWire buffer goes back to the producer at once.
 */
final class SlotCopies implements AutoCloseable {

    private final SlotMemoryAllocator allocator;
    private final SlotDebts debts;
    /** Each slot's own memory, in an arena of its own so that a resize frees the old size at once. */
    private final Arena[] own;
    private final SlotMemory[] external;
    private final int[] widths;
    private final int[] heights;

    SlotCopies(int slots, SlotMemoryAllocator allocator) {
        this.allocator = allocator;
        this.debts = new SlotDebts(slots, SlotWriter.MAX_DIRTY_RECTS);
        this.own = new Arena[slots];
        this.external = new SlotMemory[slots];
        this.widths = new int[slots];
        this.heights = new int[slots];
    }

    /**
     * Gives the slot memory of {@code w × h} (packed rows) unless it has it already; then it owes everything. The
     * slot's old memory is freed here: the slot is being filled, so no consumer holds its frame (a view kept past
     * its release throws {@link IllegalStateException} from now on, as the ring promises).
     */
    void ensure(SlotWriter slot, int w, int h) {
        int i = slot.index();
        if (widths[i] == w && heights[i] == h) {
            return;
        }
        int stride = 4 * w;
        if (allocator != null) {
            if (external[i] != null) {
                external[i].close();
                external[i] = null;
            }
            external[i] = allocator.allocate(i, w, h, stride);
            slot.bind(external[i].segment(), w, h, stride);
        } else {
            Arena arena = Arena.ofShared();
            try {
                slot.bind(arena.allocate((long) stride * h, 4096), w, h, stride);
            } catch (RuntimeException | Error e) {
                arena.close();
                throw e;
            }
            Arena old = own[i];
            own[i] = arena;
            if (old != null) {
                old.close();
            }
        }
        widths[i] = w;
        heights[i] = h;
        debts.of(i).oweEverything();
    }

    /**
     * Copies what the slot owes and this frame's changes from {@code src} (rows {@code srcStride} apart).
     *
     * @return bytes copied
     */
    long copy(SlotWriter slot, MemorySegment src, int srcStride, boolean swapRedBlue) {
        int i = slot.index();
        int w = widths[i], h = heights[i];
        MemorySegment dst = slot.memory();
        RectSet changed = slot.dirty();
        SlotDebt debt = debts.of(i);
        long bytes = 0;
        if (debt.isEverything()) {
            bytes += rect(src, srcStride, dst, 4 * w, 0, 0, w, h, swapRedBlue);
        } else {
            RectSet owed = debt.areas();
            for (int r = 0; r < owed.count(); r++) {
                bytes += rect(src, srcStride, dst, 4 * w, owed.x(r), owed.y(r), owed.width(r), owed.height(r),
                        swapRedBlue);
            }
            for (int r = 0; r < changed.count(); r++) {
                bytes += rect(src, srcStride, dst, 4 * w, changed.x(r), changed.y(r), changed.width(r),
                        changed.height(r), swapRedBlue);
            }
        }
        debt.settle();
        debts.oweAllBut(i, changed);
        return bytes;
    }

    private static long rect(MemorySegment src, int srcStride, MemorySegment dst, int dstStride, int x, int y, int w,
                             int h, boolean swap) {
        long rowBytes = 4L * w;
        for (int row = y; row < y + h; row++) {
            long s = (long) row * srcStride + 4L * x;
            long d = (long) row * dstStride + 4L * x;
            if (!swap) {
                MemorySegment.copy(src, s, dst, d, rowBytes);
            } else {
                for (long o = 0; o < rowBytes; o += 4) {
                    int v = src.get(JAVA_INT_UNALIGNED, s + o);
                    dst.set(JAVA_INT_UNALIGNED, d + o, (v & 0xFF00FF00) | ((v & 0xFF) << 16) | ((v >>> 16) & 0xFF));
                }
            }
        }
        return rowBytes * h;
    }

    @Override
    public void close() {
        for (int i = 0; i < external.length; i++) {
            if (external[i] != null) {
                external[i].close();
                external[i] = null;
            }
            if (own[i] != null) {
                own[i].close();
                own[i] = null;
            }
        }
    }
}
