package dev.deskdup.testing;

import dev.deskdup.spi.NanoClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock the test drives: parking advances it instead of sleeping, so pacing, backoff, deadlines and timeouts
 * take no real time and never depend on the machine's load. Fakes that "wait" (a DXGI AcquireNextFrame that
 * times out) advance it too.
 */
public final class SteppedClock implements NanoClock {

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

    public void advanceMillis(long millis) {
        now.addAndGet(millis * 1_000_000L);
    }

    /** Milliseconds since the clock started. */
    public long millis() {
        return (now.get() - START) / 1_000_000L;
    }
}
