package dev.deskdup.internal.ring;

import dev.deskdup.spi.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the test drives: parking advances it instead of sleeping, so pacing and cadence tests take no time. */
final class TestClock implements NanoClock {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long nanoTime() {
        return now.get();
    }

    @Override
    public void parkNanos(long nanos) {
        if (nanos > 0) {
            now.addAndGet(nanos);
        }
        Thread.yield();
    }

    void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    /** Milliseconds since the clock started. */
    long millis() {
        return (now.get() - 1_000_000_000L) / 1_000_000L;
    }
}
