package dev.deskdup;

import dev.deskdup.internal.Bootstrap;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live capture of the screen (or a region of it), handing out frames as views over preallocated slots.
 *
 * <h2>Pull</h2>
 * <pre>{@code
 * try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().region(Region.of(0, 0, 640, 480)))) {
 *     for (int i = 0; i < 100; i++) {
 *         Frame frame = capture.acquire(1, TimeUnit.SECONDS);   // null on timeout: no exception, no allocation
 *         if (frame == null) continue;
 *         try (frame) {
 *             consume(frame.pixels(), frame.stride());
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>Push</h2>
 * <pre>{@code
 * try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults());
 *      CaptureStream stream = capture.stream(frame -> channel.write(frame.pixels().asByteBuffer()))) {
 *     Thread.sleep(5_000);
 * }                                                            // stops the capture thread, frees every slot
 * }</pre>
 *
 * <p>One consumer at a time: {@link #acquire} is not meant to be called from several threads at once (it says so
 * with an {@link IllegalStateException}), and not while a {@link #stream} runs. {@link #close()} and
 * {@link CaptureStream#stop()} are safe from any thread. Closing twice is a no-op; every other method of a closed
 * capture throws {@link IllegalStateException}.
 */
public interface ScreenCapture extends AutoCloseable {

    /**
     * Opens a capture. The source is X11 when a display is reachable (Wayland in a Wayland session without one, DXGI
     * on Windows); the synthetic source only when asked for by name. An option the backend cannot honour fails here
     * with a message that names it.
     *
     * @throws CaptureException         when the display cannot be reached or captured (the message says why and
     *                                  what to do)
     * @throws IllegalArgumentException when an option is wrong for this display (the region does not fit the
     *                                  screen, the monitor is unknown) or cannot be honoured by the backend
     */
    static ScreenCapture open(CaptureOptions options) {
        return Bootstrap.open(options);
    }

    /** Opens the whole screen of {@code $DISPLAY} with default options. */
    static ScreenCapture open() {
        return open(CaptureOptions.defaults());
    }

    /**
     * The monitors of an X display (null: {@code $DISPLAY}) as RandR 1.5 lists them, in the server's order: what
     * {@link CaptureOptions#monitor(String)} takes by name or index. Empty when the server has no RandR 1.5.
     *
     * @throws CaptureException when no X server answers there
     */
    static List<Monitor> monitors(String display) {
        return monitors(CaptureOptions.defaults().display(display));
    }

    /**
     * The monitors of the display {@code options} name (display, credentials, source), as
     * {@link CaptureOptions#monitor(String)} takes them.
     *
     * @throws CaptureException when the display cannot be reached
     */
    static List<Monitor> monitors(CaptureOptions options) {
        return Bootstrap.monitors(options);
    }

    /**
     * The backend {@link #open} would use for {@code options}: the one named, or for {@code "auto"} the one chosen
     * on this machine (Wayland in a Wayland session, X11 where a display is named or {@code $DISPLAY} is set, DXGI on
     * Windows). Looks at the environment and at whether the backend's libraries load; connects to nothing, so a
     * named or chosen backend may still fail to open (the exception then says why).
     *
     * @return {@code "x11"}, {@code "wayland"}, {@code "dxgi"} or {@code "synthetic"}
     * @throws CaptureException         when {@code auto} finds no backend here (the message gives each one's reason)
     * @throws IllegalArgumentException when the source named is unknown
     */
    static String sourceFor(CaptureOptions options) {
        return Bootstrap.sourceName(options);
    }

    /**
     * Forgets the screen-cast permission the desktop portal granted (on Wayland: the restore token deskdup keeps,
     * 0600, in {@code $XDG_STATE_HOME/deskdup/}), so that the next Wayland capture asks the user again in the
     * portal's dialog, e.g. to share another monitor. Other backends store no permission.
     *
     * @return whether a permission was stored
     * @throws java.io.UncheckedIOException when the stored token exists but cannot be removed
     */
    static boolean forgetPortalPermission() {
        return Bootstrap.forgetPortalPermission();
    }

    /**
     * The top-level windows of an X display (null: {@code $DISPLAY}), topmost first: what
     * {@link CaptureOptions#window(long)} and {@link WindowMatch} take. Unmapped windows are listed too (see
     * {@link WindowInfo#mapped()}).
     *
     * @throws CaptureException when no X server answers there
     */
    static List<WindowInfo> windows(String display) {
        return windows(CaptureOptions.defaults().display(display));
    }

    /**
     * The top-level windows of the display {@code options} name (display, credentials, source), topmost first.
     *
     * @throws CaptureException when the display cannot be reached, or its backend cannot list windows (only X11
     *                          can, for now)
     */
    static List<WindowInfo> windows(CaptureOptions options) {
        return Bootstrap.windows(options);
    }

    /** The backend in use: {@code "x11"}, {@code "dxgi"}, {@code "wayland"} or {@code "synthetic"}. */
    String sourceName();

    /**
     * What the capture is doing: backend, size, slots, whether only changes are copied, whether the OS writes
     * straight into the slots, the backend's state and its optional features (on or off, and why). Any thread;
     * also after close (state {@code "closed"}).
     */
    CaptureInfo info();

    /** Width of the captured area in pixels (the region's, or the screen's). */
    int width();

    /** Height of the captured area in pixels. */
    int height();

    /** Always {@link PixelFormat#BGRA}. */
    PixelFormat format();

    /**
     * Waits up to the timeout for the next frame and hands it out; release it when done.
     *
     * @return the frame, or {@code null} when none came within the timeout (allocation-free either way)
     * @throws IllegalStateException when the capture is closed, all slots are held, or a stream is running
     * @throws CaptureException      when the source failed (e.g. the display died, or has not answered for seconds)
     */
    Frame acquire(long timeout, TimeUnit unit);

    /**
     * Starts a capture thread that calls {@code handler.onFrame(frame)} for each frame until stopped, closed, or
     * failed. The frame is released when the handler returns.
     */
    CaptureStream stream(FrameHandler handler);

    /** Frames handed to the consumer so far. */
    long framesDelivered();

    /**
     * Frames captured but never delivered because a newer one replaced them: only in push mode with
     * {@link Delivery#LATEST} (their changes are merged into the newer frame's dirty rectangles). Pull mode captures on
     * demand and {@link Delivery#EVERY} waits for the consumer, so both keep this at 0.
     */
    long framesDropped();

    /**
     * Bytes the capture moved into slots so far (by the OS or by us): with change tracking, the changed areas only
     * (plus the cursor's rectangle when composited); in full-frame mode, a whole frame per frame.
     */
    long bytesCopied();

    /** Whether {@link #close()} has not been called. */
    boolean isOpen();

    /** Stops any stream, invalidates every frame, frees every slot and native resource. Idempotent. */
    @Override
    void close();
}
