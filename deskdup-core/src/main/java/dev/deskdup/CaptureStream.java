package dev.deskdup;

import java.time.Duration;

/**
 * A running push-mode stream, as returned by {@link ScreenCapture#stream(FrameHandler)}.
 * {@link #stop()} is safe from any thread (including the handler itself) and takes effect within 100 ms.
 */
public interface CaptureStream extends AutoCloseable {

    /** Asks the capture thread to stop and waits until it has (unless called from the handler itself). */
    void stop();

    /** Whether the capture thread is still running. */
    boolean isRunning();

    /**
     * Waits for the stream to end (stopped, closed, failed, or its frame limit reached).
     *
     * @return true if it ended within the timeout
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** What ended the stream, if it failed (a {@link CaptureException} or the handler's own exception), else null. */
    Throwable failure();

    /** Same as {@link #stop()}. */
    @Override
    void close();
}
