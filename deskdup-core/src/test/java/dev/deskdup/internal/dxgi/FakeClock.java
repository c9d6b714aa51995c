package dev.deskdup.internal.dxgi;

import dev.deskdup.spi.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The capture's clock in these tests: parking advances it instead of sleeping, and so does the fake
 * AcquireNextFrame when it "waits" for a frame that does not come, so backoff, deadlines and timeouts take no real
 * time and never depend on the machine's load.
 */
final class FakeClock implements NanoClock {

    private static final long START = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(START);

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
        return (now.get() - START) / 1_000_000L;
    }
}
