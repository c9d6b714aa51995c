package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.Closer;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotDebts;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SlotWriter;

/**
 * The memory behind an X11 capture's slots ({@link SlotTarget}: memfd, SysV segment, or a shared ring's file), the
 * size generation each was made at, and what each is behind on ({@link SlotDebts}). Filling thread only.
 */
final class X11Slots {

    private final X11Connection conn;
    private final SlotMemoryAllocator external;
    private final X11Files files;
    private final SlotTarget[] targets;
    private final int[] generations;
    private final SlotDebts debts;
    /** Whether memfds go to the server: false from the first refusal on (then SysV segments). */
    private boolean useFd;

    X11Slots(X11Connection conn, int slots, SlotMemoryAllocator external, boolean useFd) {
        this.conn = conn;
        this.external = external;
        this.files = new X11Files(conn);
        this.targets = new SlotTarget[slots];
        this.generations = new int[slots];
        this.debts = new SlotDebts(slots, SlotWriter.MAX_DIRTY_RECTS);
        this.useFd = useFd;
    }

    /** Gives {@code slot} memory at the area's current size (it is not held: nobody reads what it had). */
    void bind(SlotWriter slot, CaptureArea area) {
        int i = slot.index();
        int width = area.width();
        int height = area.height();
        long size = (long) width * height * 4;
        SlotTarget old = targets[i];
        SlotTarget target = external == null ? SlotTarget.own(conn, size, useFd)
                : SlotTarget.external(conn, external.allocate(i, width, height, width * 4), size, useFd, files);
        targets[i] = target;
        if (external == null) {
            useFd = target.fdPassing(); // the server refused a memfd: SysV from now on
        }
        generations[i] = area.generation();
        debts.of(i).oweEverything();
        slot.bind(target.memory, width, height, width * 4);
        slot.cursor().clear();
        if (old != null) {
            old.close();
        }
    }

    /** Rebinds {@code slot} when it was made at another size than the area's now. */
    void bindIfStale(SlotWriter slot, CaptureArea area) {
        if (generations[slot.index()] != area.generation()) {
            bind(slot, area);
        }
    }

    boolean isStale(SlotWriter slot, CaptureArea area) {
        return generations[slot.index()] != area.generation();
    }

    SlotTarget target(SlotWriter slot) {
        return targets[slot.index()];
    }

    SlotDebt debt(SlotWriter slot) {
        return debts.of(slot.index());
    }

    SlotDebts debts() {
        return debts;
    }

    /** Whether the server writes every slot's memory directly (no copy on our side). */
    boolean zeroCopy() {
        for (SlotTarget t : targets) {
            if (t != null && !t.zeroCopy) {
                return false;
            }
        }
        return true;
    }

    void close(Closer closer) {
        for (SlotTarget t : targets) {
            if (t != null) {
                closer.run(t::close);
            }
        }
    }
}
