package dev.deskdup.spi;

import java.util.concurrent.locks.LockSupport;

/**
 * Monotonic time in nanoseconds, and waiting on it: whatever decides something by time (maxFps pacing, the repeat
 * cadence, recovery backoff, heartbeats, timeouts) takes a clock instead of calling {@link System#nanoTime()}, so
 * that tests can drive time themselves (Agrona's {@code NanoClock}).
 *
 * <p>{@link #system()} reads {@link System#nanoTime()} and parks the thread; a test clock advances its own time in
 * {@link #parkNanos(long)} instead of sleeping, so a test of pacing or backoff runs in microseconds and never
 * depends on the machine's load.
 */
public interface NanoClock {

    /** The current time: only differences between two readings mean anything (as {@link System#nanoTime()}). */
    long nanoTime();

    /**
     * Waits about {@code nanos} (at most; it may return earlier, e.g. when the thread is unparked). Never throws;
     * an interrupt makes it return at once.
     */
    void parkNanos(long nanos);

    /** The machine's clock: {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    static NanoClock system() {
        return SystemNanoClock.INSTANCE;
    }
}
