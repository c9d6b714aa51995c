package dev.deskdup.xvfb.junit;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Heap bytes allocated by the calling thread ({@code com.sun.management.ThreadMXBean}), per call of a piece of
 * work: the one way deskdup's tests measure "allocates nothing".
 *
 * <p>Measured in rounds after a warm-up, and the least round is the result: a round that overlaps a JIT
 * recompilation may see the compiler's transient allocations, while steady state is what a "0 bytes per frame"
 * claim is about. Every round is printed, so a failure shows what happened.
 */
public final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** Bytes allocated so far by the calling thread. */
    public static long threadAllocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated so far by {@code thread} (e.g. a capture thread seen from the test's thread). */
    public static long threadAllocatedBytes(Thread thread) {
        return THREADS.getThreadAllocatedBytes(thread.threadId());
    }

    /**
     * Bytes the calling thread allocates per call of {@code work}: {@code warmup} calls first, then up to
     * {@code rounds} rounds of {@code calls} calls (stopping early once a round allocates nothing), the least.
     *
     * @param work returns something derived from what it did, so that the JIT cannot drop the work
     */
    public static double perCall(String what, int warmup, int calls, int rounds, LongSupplier work) {
        long sink = 0;
        for (int i = 0; i < warmup; i++) {
            sink += work.getAsLong();
        }
        double best = Double.MAX_VALUE;
        StringBuilder seen = new StringBuilder();
        for (int round = 0; round < rounds && best > 0; round++) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                sink += work.getAsLong();
            }
            double perCall = (double) (THREADS.getCurrentThreadAllocatedBytes() - before) / calls;
            seen.append(String.format(" %.3f", perCall));
            best = Math.min(best, perCall);
        }
        System.out.printf("%s: bytes allocated per call, rounds of %d:%s (sink %d)%n", what, calls, seen, sink);
        return best;
    }
}
