package dev.deskdup;

/**
 * Receives frames in push mode ({@link ScreenCapture#stream(FrameHandler)}), on the capture thread.
 *
 * <p>The frame is valid only during the call: it is released when {@code onFrame} returns, and its slot is reused.
 * Copy what must outlive the call. An exception thrown here stops the stream and is reported by
 * {@link CaptureStream#failure()}.
 */
@FunctionalInterface
public interface FrameHandler {
    void onFrame(Frame frame) throws Exception;
}
