package dev.deskdup.internal.share;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * One daemon thread per JVM that beats for every registered party (reader entries of open readers, producer
 * headers) every {@link RingDescriptor#HEARTBEAT_PERIOD_MILLIS}, so that liveness does not depend on how often a
 * consumer calls in. A party is unregistered before its memory is unmapped; registering and unregistering hold the
 * same lock as a tick, so a tick never touches unmapped memory.
 */
final class Heartbeats {

    /** Something that beats. Called on the heartbeat thread, under its lock; must not block. */
    interface Party {
        void tick(long nowNanos);
    }

    private static final Object LOCK = new Object();
    private static Party[] parties = new Party[0];
    private static Thread thread;

    private Heartbeats() {
    }

    static void register(Party party) {
        synchronized (LOCK) {
            parties = Arrays.copyOf(parties, parties.length + 1);
            parties[parties.length - 1] = party;
            if (thread == null) {
                thread = Thread.ofPlatform().daemon().name("deskdup-ring-heartbeat").start(Heartbeats::run);
            }
        }
    }

    static void unregister(Party party) {
        synchronized (LOCK) {
            int n = 0;
            Party[] kept = new Party[parties.length];
            for (Party p : parties) {
                if (p != party) {
                    kept[n++] = p;
                }
            }
            parties = Arrays.copyOf(kept, n);
        }
    }

    /** Runs {@code action} (e.g. unmapping) while no tick runs. */
    static void paused(Runnable action) {
        synchronized (LOCK) {
            action.run();
        }
    }

    private static void run() {
        long period = RingDescriptor.HEARTBEAT_PERIOD_MILLIS * 1_000_000L;
        long next = System.nanoTime();
        while (true) {
            synchronized (LOCK) {
                long now = System.nanoTime();
                for (Party p : parties) {
                    try {
                        p.tick(now);
                    } catch (RuntimeException e) {
                        // one party's trouble (e.g. a file gone bad) must not stop the others' heartbeats
                    }
                }
            }
            next += period;
            long wait = next - System.nanoTime();
            if (wait < 0) {
                next = System.nanoTime();
            } else {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
