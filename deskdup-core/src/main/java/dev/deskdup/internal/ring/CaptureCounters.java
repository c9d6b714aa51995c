package dev.deskdup.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The capture's counters. Each has a single writer (delivered: the delivering thread; dropped and bytes: the
 * filling thread), which stores with release semantics; any thread reads with acquire semantics (Agrona's
 * single-writer counter idiom: no CAS, no lock).
 */
final class CaptureCounters {

    private static final VarHandle DELIVERED;
    private static final VarHandle DROPPED;
    private static final VarHandle BYTES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DELIVERED = lookup.findVarHandle(CaptureCounters.class, "delivered", long.class);
            DROPPED = lookup.findVarHandle(CaptureCounters.class, "dropped", long.class);
            BYTES = lookup.findVarHandle(CaptureCounters.class, "bytes", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long delivered;
    private long dropped;
    private long bytes;

    /** Delivering thread only. Returns the new count: the frame's sequence number. */
    long addDelivered() {
        long next = delivered + 1;
        DELIVERED.setRelease(this, next);
        return next;
    }

    /** Filling thread only. */
    void addDropped() {
        DROPPED.setRelease(this, dropped + 1);
    }

    /** Filling thread only. */
    void addBytes(long n) {
        if (n != 0) {
            BYTES.setRelease(this, bytes + n);
        }
    }

    long delivered() {
        return (long) DELIVERED.getAcquire(this);
    }

    long dropped() {
        return (long) DROPPED.getAcquire(this);
    }

    long bytes() {
        return (long) BYTES.getAcquire(this);
    }
}
