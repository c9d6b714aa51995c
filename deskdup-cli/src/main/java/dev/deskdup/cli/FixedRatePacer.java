package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;

import java.util.concurrent.TimeUnit;

/**
 * The frames of a constant-rate video ({@code stream}, {@code record}): frame k is due at start + k/fps, on the
 * library's absolute schedule ({@link CaptureOptions#fixedRate}): new if the screen changed by then, else a repeat of
 * the previous one ({@link Frame#isRepeat()}: nothing captured, nothing copied, no changed rectangles), so the video
 * keeps real time without drift however long it runs.
 *
 * <p>This is the one place that paces video frames; both commands go through it.
 *
 * <p>A consumer that falls behind (an encoder slower than real time) gets the frames it missed back to back. When
 * one comes more than {@link #MAX_LAG_NANOS} after it was due, {@link #isLate()} says so: the caller keeps its own
 * state up to date with it (its changes) but does not write it, and it counts as {@link #dropped()}; the output
 * catches up with the clock instead of falling ever further behind.
 */
final class FixedRatePacer implements AutoCloseable {

    /** How far behind the schedule a frame may come and still be written. */
    static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ScreenCapture capture;
    private final long intervalNanos;
    private final long firstFrameTimeoutMillis;
    private Frame held;
    private long start;
    private long tick = -1;
    private long dropped;
    private boolean late;

    /**
     * @param capture                 opened with {@link #configure}
     * @param firstFrameTimeoutMillis how long to wait for the first frame (and, beyond one interval, for any other)
     */
    FixedRatePacer(ScreenCapture capture, int fps, long firstFrameTimeoutMillis) {
        this.capture = capture;
        this.intervalNanos = 1_000_000_000L / fps;
        this.firstFrameTimeoutMillis = firstFrameTimeoutMillis;
    }

    /** The capture options the pacing needs: the library's fixed rate (absolute schedule, repeats). */
    static CaptureOptions configure(CaptureOptions options, int fps) {
        return options.fixedRate(fps);
    }

    /**
     * Releases the previous frame, waits for the next one to be due and returns it; the pacer holds it until the next
     * call (or {@link #close()}): do not release it.
     *
     * @throws CaptureException when no frame comes within the timeout, or the source fails
     */
    Frame next() {
        if (held != null) {
            held.release();
            held = null;
        }
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(firstFrameTimeoutMillis) + (tick < 0 ? 0 : intervalNanos);
        Frame frame = capture.acquire(timeoutNanos, TimeUnit.NANOSECONDS);
        if (frame == null) {
            throw new CaptureException("no frame within timeout-ms=" + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                    + " from source=" + capture.sourceName() + " (is the display alive? raise --timeout-ms)");
        }
        held = frame;
        long now = System.nanoTime();
        if (++tick == 0) {
            start = now;
        }
        late = now - (start + tick * intervalNanos) > MAX_LAG_NANOS;
        if (late) {
            dropped++;
        }
        return frame;
    }

    /** Whether the frame {@link #next()} returned last repeats the one before (nothing changed). */
    boolean isRepeat() {
        return held != null && held.isRepeat();
    }

    /** Whether the frame {@link #next()} returned last came too late to be written (see the class comment). */
    boolean isLate() {
        return late;
    }

    /** Frames due so far (the schedule's position), counting from 1 for the first frame. */
    long framesDue() {
        return tick + 1;
    }

    /** Frames that came too late to be written. */
    long dropped() {
        return dropped;
    }

    /** Nanoseconds of video so far: the frames due times the interval (one frame covers one interval). */
    long elapsedNanos() {
        return (tick + 1) * intervalNanos;
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
