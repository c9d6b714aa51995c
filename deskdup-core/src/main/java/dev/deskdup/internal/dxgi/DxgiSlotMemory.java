package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.Closer;
import dev.deskdup.spi.SlotMemory;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The memory each slot's pixels are copied into: the capture's own off-heap memory (page-aligned, one shared arena
 * per slot), or memory of a {@link SlotMemoryAllocator} (a shared ring file) when the capture was given one. Rows
 * are packed ({@code stride = width * 4}). A slot is rebound only when the frame size changes, on the filling
 * thread, and its old memory is freed then: a segment a consumer kept from an earlier frame of that slot then
 * throws {@link IllegalStateException} when read, instead of reading freed memory.
 */
final class DxgiSlotMemory implements AutoCloseable {

    private static final long PAGE = 4096;

    private final SlotMemoryAllocator external;
    private final Arena[] arenas;
    private final SlotMemory[] provided;
    private final int[] widths;
    private final int[] heights;

    DxgiSlotMemory(int slots, SlotMemoryAllocator external) {
        this.external = external;
        this.arenas = new Arena[slots];
        this.provided = new SlotMemory[slots];
        this.widths = new int[slots];
        this.heights = new int[slots];
    }

    /** Whether {@code slot} is bound at {@code width × height}. */
    boolean boundAt(SlotWriter slot, int width, int height) {
        int i = slot.index();
        return widths[i] == width && heights[i] == height && (arenas[i] != null || provided[i] != null);
    }

    /** Gives {@code slot} memory for a {@code width × height} frame (its content is then undefined). */
    void bind(SlotWriter slot, int width, int height) {
        int i = slot.index();
        int stride = Math.multiplyExact(width, 4);
        long size = Math.multiplyExact((long) stride, height);
        Arena arena = null;
        SlotMemory memory = null;
        MemorySegment segment;
        if (external != null) {
            memory = external.allocate(i, width, height, stride);
            segment = memory.segment();
        } else {
            arena = Arena.ofShared();
            segment = arena.allocate(size, PAGE);
        }
        try {
            slot.bind(segment, width, height, stride);
        } catch (RuntimeException | Error e) {
            free(arena, memory);
            throw e;
        }
        Arena oldArena = arenas[i];
        SlotMemory oldMemory = provided[i];
        arenas[i] = arena;
        provided[i] = memory;
        widths[i] = width;
        heights[i] = height;
        slot.cursor().clear();
        free(oldArena, oldMemory);
    }

    private static void free(Arena arena, SlotMemory memory) {
        Closer closer = new Closer();
        if (arena != null) {
            closer.run(arena::close);
        }
        if (memory != null) {
            closer.run(memory::close);
        }
        closer.finish();
    }

    @Override
    public void close() {
        Closer closer = new Closer();
        for (int i = 0; i < arenas.length; i++) {
            Arena a = arenas[i];
            SlotMemory m = provided[i];
            arenas[i] = null;
            provided[i] = null;
            closer.run(() -> free(a, m));
        }
        closer.finish();
    }
}
