package dev.deskdup;

/**
 * How frames reach a slow consumer ({@link CaptureOptions#delivery(Delivery)}).
 *
 * <p>In pull mode ({@link ScreenCapture#acquire}) a frame is captured when it is asked for, so it is always the
 * newest and nothing is ever dropped; changes made while the consumer was busy arrive together in the next frame's
 * dirty rectangles. The two policies differ in push mode ({@link ScreenCapture#stream}):
 */
public enum Delivery {
    /**
     * The capture thread keeps capturing while the handler runs (on its own thread); when the handler is ready it
     * gets the newest frame, and frames captured in between are dropped (their dirty rectangles are merged into the
     * newest, so the consumer still learns of every change) and counted by {@link ScreenCapture#framesDropped()}.
     * The default.
     */
    LATEST,
    /**
     * Every captured frame is handed to the handler: capture and handler take turns on one thread, so the capture
     * waits for the consumer and memory stays bounded by the slot count. Nothing is dropped.
     */
    EVERY
}
