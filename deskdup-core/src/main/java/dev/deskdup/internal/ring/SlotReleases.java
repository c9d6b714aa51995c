package dev.deskdup.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Frames released on any thread, waiting for the filling thread to tell the source ({@code CaptureSource.released}
 * runs there, so a source never needs a lock) and free their slots. One bit per slot index, so a ring has at most
 * 64 slots ({@code CaptureOptions.slots} enforces it). Lock-free and allocation-free.
 */
final class SlotReleases {

    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(SlotReleases.class, "pending", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One bit per released slot index; set with a bitwise-or, taken with a swap. */
    private volatile long pending;
    /** The thread to wake when a slot is released (a stream's capture thread), or null (pull mode). */
    private volatile Thread filler;

    /** A consumer released {@code slot} (its state is RELEASING). Any thread. */
    void add(Slot slot) {
        PENDING.getAndBitwiseOr(this, 1L << slot.index());
        Thread t = filler;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Takes every pending release, as a bit set of slot indexes. Filling thread. */
    long takeAll() {
        return pending == 0 ? 0 : (long) PENDING.getAndSet(this, 0L);
    }

    boolean isEmpty() {
        return pending == 0;
    }

    void wakeOnRelease(Thread thread) {
        filler = thread;
    }
}
