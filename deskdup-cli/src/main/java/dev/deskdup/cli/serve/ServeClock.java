package dev.deskdup.cli.serve;

/**
 * Turns {@link System#nanoTime()} stamps (what frames carry) into wall-clock milliseconds since the epoch, which the
 * page can compare with its own clock: on one machine, or machines kept in sync by NTP, that gives end-to-end
 * latency. One offset taken at start, so the stamps stay monotonic.
 */
final class ServeClock {

    private final long baseNanos;
    private final double baseEpochMs;

    ServeClock() {
        long before = System.nanoTime();
        java.time.Instant now = java.time.Instant.now();
        long after = System.nanoTime();
        this.baseNanos = before + (after - before) / 2;
        this.baseEpochMs = now.getEpochSecond() * 1000.0 + now.getNano() / 1e6;
    }

    double epochMillis(long nanoTime) {
        return baseEpochMs + (nanoTime - baseNanos) / 1e6;
    }
}
