package dev.deskdup;

import java.time.Duration;

/**
 * A running push-mode stream, as returned by {@link ScreenCapture#stream(FrameHandler)}. {@link #stop()} is safe
 * from any thread, including the handler itself.
 *
 * <h2>Stopping</h2>
 * A stop asks the capture thread(s) to end and wakes them: a stream whose handler returns promptly ends within
 * about 100 ms. A handler still inside {@code onFrame} 100 ms after the stop is interrupted
 * ({@link Thread#interrupt()}: blocking calls in it end with {@code InterruptedException} or
 * {@code ClosedByInterruptException}); if it has not returned by the timeout, {@code stop} returns anyway and the
 * stream is <em>abandoned</em>: {@link #isRunning()} stays true until the handler returns, its frame is released
 * then, and its slot goes back to the capture. {@code ScreenCapture.close()} does the same with the default
 * timeout, then closes the capture: an abandoned handler's frame then reads as closed
 * ({@link IllegalStateException}), never freed memory.
 */
public interface CaptureStream extends AutoCloseable {

    /** As {@link #stop(Duration)} with a timeout of 2 seconds. */
    void stop();

    /**
     * Asks the stream to end and waits for it, at most {@code timeout} for a handler that does not return (see
     * "Stopping" above). From inside the handler, returns at once (the stream ends when the handler returns).
     *
     * @param timeout any duration (a negative one is zero, a huge one is waiting until the handler returns)
     * @return true when the stream has ended; false when the handler was left running (abandoned)
     * @throws IllegalArgumentException when {@code timeout} is null
     */
    boolean stop(Duration timeout);

    /** Whether the capture thread is still running. */
    boolean isRunning();

    /**
     * Waits for the stream to end (stopped, closed, failed, or its frame limit reached).
     *
     * @param timeout any duration (a negative one is zero)
     * @return true if it ended within the timeout
     * @throws IllegalArgumentException when {@code timeout} is null
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** What ended the stream, if it failed (a {@link CaptureException} or the handler's own exception), else null. */
    Throwable failure();

    /** Same as {@link #stop()}. */
    @Override
    void close();
}
