package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The frames of a constant-rate video ({@code stream}, {@code record}): frame k is due at start + k/fps, on an
 * absolute schedule (no drift however long it runs), and shows the screen as it is then: the newest capture if
 * anything changed, else the previous frame again (a repeat: the held frame is written once more, nothing is
 * copied or captured).
 *
 * <p>This is the one place that paces video frames; both commands go through it. Until the library's absolute
 * {@code minFrameInterval} schedule is available, the schedule is kept here: sleep until the frame is due, then
 * take whatever changed since the previous frame without waiting ({@code acquire(0)}).
 *
 * <p>When the consumer falls more than {@link #MAX_LAG_NANOS} behind (an encoder slower than real time), the frames
 * it missed are skipped and counted as {@link #dropped()}: the schedule stays tied to the wall clock.
 */
final class FixedRatePacer implements AutoCloseable {

    /** How far behind the schedule the consumer may fall before frames are skipped. */
    static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ScreenCapture capture;
    private final long intervalNanos;
    private final long firstFrameTimeoutMillis;
    private volatile Thread waiter;
    private volatile boolean woken;
    private Frame held;
    private long start;
    private long tick = -1;
    private long dropped;
    private boolean repeat;

    /**
     * @param capture                 opened with {@link #configure}
     * @param firstFrameTimeoutMillis how long to wait for the first frame
     */
    FixedRatePacer(ScreenCapture capture, int fps, long firstFrameTimeoutMillis) {
        this.capture = capture;
        this.intervalNanos = 1_000_000_000L / fps;
        this.firstFrameTimeoutMillis = firstFrameTimeoutMillis;
    }

    /** The capture options the pacing needs (no library pacing: frames are taken when due). */
    static CaptureOptions configure(CaptureOptions options, int fps) {
        return options;
    }

    /**
     * Waits until the next frame is due and returns it; the pacer holds it until the next call (or {@link #close()}):
     * do not release it.
     *
     * @return the frame, or null when {@link #wake()} cut the wait short (the caller checks why)
     * @throws CaptureException when the first frame does not come within the timeout, or the source fails
     */
    Frame next() {
        if (tick < 0) {
            Frame first = capture.acquire(firstFrameTimeoutMillis, TimeUnit.MILLISECONDS);
            if (first == null) {
                throw new CaptureException("no frame within timeout-ms=" + firstFrameTimeoutMillis + " from source="
                        + capture.sourceName() + " (is the display alive? raise --timeout-ms)");
            }
            held = first;
            start = System.nanoTime();
            tick = 0;
            repeat = false;
            return held;
        }
        long due = start + (tick + 1) * intervalNanos;
        long now = System.nanoTime();
        if (now - due > MAX_LAG_NANOS) {
            long behind = (now - due) / intervalNanos;
            dropped += behind;
            tick += behind;
            due = start + (tick + 1) * intervalNanos;
        }
        if (!sleepUntil(due)) {
            return null;
        }
        tick++;
        Frame next = capture.acquire(0, TimeUnit.NANOSECONDS);
        repeat = next == null;
        if (next != null) {
            held.release();
            held = next;
        }
        return held;
    }

    /** Whether the frame {@link #next()} returned last repeats the one before (nothing changed). */
    boolean isRepeat() {
        return repeat;
    }

    /** Frames due so far (the schedule's position), counting from 1 for the first frame. */
    long framesDue() {
        return tick + 1;
    }

    /** Frames skipped because the consumer fell behind. */
    long dropped() {
        return dropped;
    }

    /** Nanoseconds of schedule so far: the due time of the current frame relative to the first. */
    long elapsedNanos() {
        return tick < 0 ? 0 : tick * intervalNanos;
    }

    /** Cuts a wait in {@link #next()} short (from any thread, e.g. a signal handler). */
    void wake() {
        woken = true;
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private boolean sleepUntil(long due) {
        waiter = Thread.currentThread();
        try {
            for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                if (woken) {
                    woken = false;
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
            return true;
        } finally {
            waiter = null;
        }
    }

    /** Releases the held frame. */
    @Override
    public void close() {
        if (held != null) {
            held.close();
            held = null;
        }
    }
}
