package dev.deskdup;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What to capture and how. Immutable: every setter-style method returns a changed copy and checks its argument
 * (an {@link IllegalArgumentException} naming the value and the range). Options a backend cannot honour fail
 * {@link ScreenCapture#open} with a message naming them; none is ignored silently.
 *
 * <pre>{@code
 * CaptureOptions options = CaptureOptions.defaults()
 *         .display(":0")                       // default: $DISPLAY
 *         .region(Region.of(0, 0, 1280, 720))  // default: the whole screen
 *         .slots(3)                            // frames that may be held at once
 *         .maxFps(60)                          // default: unpaced
 *         .cursor(CursorMode.SEPARATE)         // default: NONE
 *         .delivery(Delivery.LATEST);          // default: LATEST
 * CaptureOptions video = CaptureOptions.defaults().fixedRate(30);   // exactly 30 frames/s, repeats when idle
 * }</pre>
 */
public final class CaptureOptions {

    /** Source names accepted by {@link #source(String)}. */
    public static final String SOURCE_AUTO = "auto";
    public static final String SOURCE_X11 = "x11";
    public static final String SOURCE_DXGI = "dxgi";
    public static final String SOURCE_WAYLAND = "wayland";
    public static final String SOURCE_SYNTHETIC = "synthetic";

    /** The most slots a capture can have. */
    public static final int MAX_SLOTS = 64;
    /** The lowest {@link #maxFps} other than 0 (one frame every 1000 s). */
    public static final double MIN_FPS = 0.001;
    /** The highest {@link #maxFps}. */
    public static final double MAX_FPS = 100_000;
    /** The longest {@link #minFrameInterval}. */
    public static final Duration MAX_FRAME_INTERVAL = Duration.ofHours(1);

    private String display;
    private Path xauthority;
    private Region region;
    private int slots = 3;
    private String source = SOURCE_AUTO;
    private double maxFps;
    private int syntheticWidth = 640;
    private int syntheticHeight = 480;
    private boolean syntheticChecksum;
    /** Whether syntheticSize or syntheticChecksum was set: options only the synthetic source honours. */
    private boolean syntheticGiven;
    private boolean changeTracking = true;
    private CursorMode cursor = CursorMode.NONE;
    private String monitor;
    private Delivery delivery = Delivery.LATEST;
    private Duration minFrameInterval = Duration.ZERO;
    private FrameSchedule frameSchedule = FrameSchedule.AFTER_PREVIOUS;
    private WindowMatch window;
    private boolean windowDecorations;

    private CaptureOptions() {
    }

    private CaptureOptions copy() {
        CaptureOptions c = new CaptureOptions();
        c.display = display;
        c.xauthority = xauthority;
        c.region = region;
        c.slots = slots;
        c.source = source;
        c.maxFps = maxFps;
        c.syntheticWidth = syntheticWidth;
        c.syntheticHeight = syntheticHeight;
        c.syntheticChecksum = syntheticChecksum;
        c.syntheticGiven = syntheticGiven;
        c.changeTracking = changeTracking;
        c.cursor = cursor;
        c.monitor = monitor;
        c.delivery = delivery;
        c.minFrameInterval = minFrameInterval;
        c.frameSchedule = frameSchedule;
        c.window = window;
        c.windowDecorations = windowDecorations;
        return c;
    }

    /**
     * Whole screen of {@code $DISPLAY}, 3 slots, source chosen automatically, unpaced, change tracking on, no cursor,
     * {@link Delivery#LATEST}.
     */
    public static CaptureOptions defaults() {
        return new CaptureOptions();
    }

    /** The X display to capture, e.g. {@code ":0"}; null means {@code $DISPLAY}. On Windows: the output. */
    public CaptureOptions display(String display) {
        CaptureOptions c = copy();
        c.display = display;
        return c;
    }

    /**
     * The Xauthority file holding the display's cookie (as {@code xauth} writes it); null (default) means
     * {@code $XAUTHORITY}, else {@code ~/.Xauthority}, as every X client does. For a private display this JVM
     * started, pass its file (e.g. {@code VirtualDisplay.xauthority()}). The file must exist and be readable.
     */
    public CaptureOptions xauthority(Path xauthority) {
        CaptureOptions c = copy();
        c.xauthority = xauthority;
        return c;
    }

    /**
     * The part of the screen to capture; null means the whole screen (or the {@link #monitor(String)}). Checked
     * against the screen on open. Not together with a monitor.
     */
    public CaptureOptions region(Region region) {
        CaptureOptions c = copy();
        c.region = region;
        return c;
    }

    /** How many frame slots to preallocate (1..64): the number of frames a consumer may hold at once. */
    public CaptureOptions slots(int slots) {
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots=" + slots + " is out of range (choose 1 to " + MAX_SLOTS
                    + "; 3 is the default)");
        }
        CaptureOptions c = copy();
        c.slots = slots;
        return c;
    }

    /**
     * The backend: {@code "auto"} (X11 where a display is reachable, Wayland in a Wayland session without one,
     * DXGI on Windows), {@code "x11"}, {@code "wayland"}, {@code "dxgi"}, or {@code "synthetic"} (a deterministic
     * test pattern; only when asked for by name). Checked on open.
     */
    public CaptureOptions source(String source) {
        if (source == null) {
            throw new IllegalArgumentException("source=null (choose auto, x11, wayland, dxgi or synthetic)");
        }
        CaptureOptions c = copy();
        c.source = source;
        return c;
    }

    /** At most this many frames per second: 0 (unpaced, the default) or {@value #MIN_FPS} to {@value #MAX_FPS}. */
    public CaptureOptions maxFps(double maxFps) {
        if (!(maxFps == 0 || (maxFps >= MIN_FPS && maxFps <= MAX_FPS))) {
            throw new IllegalArgumentException("maxFps=" + maxFps + " is out of range (0 = unpaced, or "
                    + MIN_FPS + " to " + (long) MAX_FPS + ")");
        }
        CaptureOptions c = copy();
        c.maxFps = maxFps;
        return c;
    }

    /** Screen size of the synthetic source (default 640×480). */
    public CaptureOptions syntheticSize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > (1L << 28)) {
            throw new IllegalArgumentException("syntheticSize=" + width + "x" + height
                    + " is out of range (width and height >= 1, at most 2^28 pixels)");
        }
        CaptureOptions c = copy();
        c.syntheticWidth = width;
        c.syntheticHeight = height;
        c.syntheticGiven = true;
        return c;
    }

    /**
     * Whether the synthetic source embeds a checksum in every frame (default false), so that a reader in any process
     * can tell a whole frame from a torn one without knowing the pattern: the first pixel (row-major) holds the
     * frame's sequence number (low 32 bits, little-endian), the second the sum modulo 2^32 of every other pixel read
     * as a little-endian u32; all other pixels are the pattern. Needs at least 2 pixels.
     */
    public CaptureOptions syntheticChecksum(boolean checksum) {
        CaptureOptions c = copy();
        c.syntheticChecksum = checksum;
        c.syntheticGiven = syntheticGiven || checksum; // false is the default: asking for it is no option at all
        return c;
    }

    /**
     * Whether to capture only what changed (default true). With X11 this uses DAMAGE and XFIXES when the server (and
     * this machine's libraries) have them: {@code acquire} waits until something changed (an idle screen costs
     * nothing), each frame lists what changed, and only those areas are copied. False: full-frame polling, every
     * {@code acquire} copies the whole area at once. {@link ScreenCapture#info()} says which is in use.
     */
    public CaptureOptions changeTracking(boolean changeTracking) {
        CaptureOptions c = copy();
        c.changeTracking = changeTracking;
        return c;
    }

    /** What to do with the mouse cursor (default {@link CursorMode#NONE}). */
    public CaptureOptions cursor(CursorMode cursor) {
        if (cursor == null) {
            throw new IllegalArgumentException("cursor=null (choose NONE, SEPARATE or COMPOSITED)");
        }
        CaptureOptions c = copy();
        c.cursor = cursor;
        return c;
    }

    /**
     * Captures one monitor: by its RandR name (e.g. {@code "DP-1"}, see {@link ScreenCapture#monitors(String)}) or
     * by its index in that list ({@code "0"}, {@code "1"}…). Null: the whole screen (or the region).
     */
    public CaptureOptions monitor(String monitor) {
        CaptureOptions c = copy();
        c.monitor = monitor;
        return c;
    }

    /**
     * Captures one window by its X id ({@code 0x1a00003} as {@code xwininfo} and {@code xdotool} print it; see
     * {@link ScreenCapture#windows(String)}), also where other windows cover it, following it as it moves and
     * resizes. Same as {@code window(WindowMatch.id(id))}.
     *
     * @throws IllegalArgumentException when {@code id} is not an X id (1 to {@code 0x1fffffff})
     */
    public CaptureOptions window(long id) {
        return window(WindowMatch.id(id));
    }

    /**
     * Captures the one top-level window whose title is {@code title}, or contains it ignoring case. Same as
     * {@code window(WindowMatch.title(title))}.
     */
    public CaptureOptions windowTitle(String title) {
        return window(WindowMatch.title(title));
    }

    /**
     * Captures one window instead of the screen: its own pixels, also the parts other windows cover (X11: the
     * Composite extension keeps them in the window's pixmap, which the server writes into the slots through
     * MIT-SHM). Frames have the window's size; a resize makes a frame with {@link Frame#sizeChanged()}, a move
     * changes nothing; while it is unmapped (e.g. minimised) no frames come; when it is destroyed the capture ends
     * with a {@link CaptureException} naming it. The cursor is reported relative to the window. Null (default):
     * the screen. Not together with a region or monitor. X11 only for now.
     *
     * @see WindowMatch
     * @see #windowDecorations(boolean)
     */
    public CaptureOptions window(WindowMatch window) {
        CaptureOptions c = copy();
        c.window = window;
        return c;
    }

    /**
     * With {@link #window}: capture the window manager's frame around the window too (title bar, borders), i.e.
     * the frame window. Default false: the application's window only. Without a window manager both are the same.
     */
    public CaptureOptions windowDecorations(boolean decorations) {
        CaptureOptions c = copy();
        c.windowDecorations = decorations;
        return c;
    }

    /** How frames reach a slow consumer in push mode (default {@link Delivery#LATEST}). */
    public CaptureOptions delivery(Delivery delivery) {
        if (delivery == null) {
            throw new IllegalArgumentException("delivery=null (choose LATEST or EVERY)");
        }
        CaptureOptions c = copy();
        c.delivery = delivery;
        return c;
    }

    /**
     * A cadence even when nothing changes: when no change came within this interval after the previous frame, a
     * frame repeating it is delivered ({@link Frame#isRepeat()}, no dirty rectangles, nothing copied). Zero
     * (default): a change-tracking capture delivers frames only when something changed. At most one hour.
     */
    public CaptureOptions minFrameInterval(Duration interval) {
        return minFrameInterval(interval, FrameSchedule.AFTER_PREVIOUS);
    }

    /**
     * As {@link #minFrameInterval(Duration)}, counted as {@code schedule} says: {@link FrameSchedule#ABSOLUTE} puts
     * every frame on a fixed grid {@code start + k·interval} (a steady frame rate that never drifts).
     */
    public CaptureOptions minFrameInterval(Duration interval, FrameSchedule schedule) {
        if (interval == null || interval.isNegative() || interval.compareTo(MAX_FRAME_INTERVAL) > 0) {
            throw new IllegalArgumentException("minFrameInterval=" + interval + " is out of range (0 = off, up to "
                    + MAX_FRAME_INTERVAL + ")");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule=null (choose AFTER_PREVIOUS or ABSOLUTE)");
        }
        if (schedule == FrameSchedule.ABSOLUTE && interval.isZero()) {
            throw new IllegalArgumentException("minFrameInterval=0 with schedule=ABSOLUTE: an absolute schedule "
                    + "needs an interval (e.g. Duration.ofMillis(33) for 30 frames/s, or fixedRate(30))");
        }
        CaptureOptions c = copy();
        c.minFrameInterval = interval;
        c.frameSchedule = schedule;
        return c;
    }

    /**
     * Exactly {@code fps} frames per second on an absolute schedule: {@code maxFps(fps)} and
     * {@code minFrameInterval(1/fps, ABSOLUTE)}. A change is delivered at the next tick, an idle screen repeats the
     * previous frame at each tick (no copy), frames never drift from the wall clock.
     */
    public CaptureOptions fixedRate(double fps) {
        if (!(fps >= MIN_FPS && fps <= MAX_FPS)) {
            throw new IllegalArgumentException("fixedRate=" + fps + " is out of range (" + MIN_FPS + " to "
                    + (long) MAX_FPS + " frames per second)");
        }
        return maxFps(fps).minFrameInterval(Duration.ofNanos(Math.round(1e9 / fps)), FrameSchedule.ABSOLUTE);
    }

    public String display() {
        return display;
    }

    /** The display to use: the one given, else {@code $DISPLAY}, else null. */
    public String effectiveDisplay() {
        return display != null ? display : System.getenv("DISPLAY");
    }

    /** The Xauthority file given, or null ({@code $XAUTHORITY}, then {@code ~/.Xauthority}). */
    public Path xauthority() {
        return xauthority;
    }

    public Region region() {
        return region;
    }

    public int slots() {
        return slots;
    }

    public String source() {
        return source;
    }

    public double maxFps() {
        return maxFps;
    }

    public int syntheticWidth() {
        return syntheticWidth;
    }

    public int syntheticHeight() {
        return syntheticHeight;
    }

    public boolean syntheticChecksum() {
        return syntheticChecksum;
    }

    /** Whether {@link #syntheticSize} or {@link #syntheticChecksum} was set (only the synthetic source takes them). */
    public boolean syntheticOptionsGiven() {
        return syntheticGiven;
    }

    public boolean changeTracking() {
        return changeTracking;
    }

    public CursorMode cursor() {
        return cursor;
    }

    public String monitor() {
        return monitor;
    }

    public Delivery delivery() {
        return delivery;
    }

    public Duration minFrameInterval() {
        return minFrameInterval;
    }

    public FrameSchedule frameSchedule() {
        return frameSchedule;
    }

    /** The window to capture, or null for the screen (or region, or monitor). */
    public WindowMatch window() {
        return window;
    }

    /** Whether the window manager's frame is captured with the window. */
    public boolean windowDecorations() {
        return windowDecorations;
    }

    /**
     * Checks the options against each other (what a single setter cannot): a region, a monitor and a window
     * together, decorations without a window, an absolute schedule with a different {@code maxFps}.
     *
     * @throws IllegalArgumentException naming the options in conflict
     */
    public void checkConsistent() {
        if (region != null && monitor != null) {
            throw new IllegalArgumentException("region=" + region + " and monitor=" + monitor
                    + " both given (choose one: a monitor is a region of the screen)");
        }
        if (window != null && (region != null || monitor != null)) {
            throw new IllegalArgumentException("window=" + window + " and " + (region != null ? "region=" + region
                    : "monitor=" + monitor) + " both given (choose one: a window capture follows the window "
                    + "wherever it is, and frames have its size)");
        }
        if (windowDecorations && window == null) {
            throw new IllegalArgumentException("windowDecorations=true without a window: decorations belong to "
                    + "window capture (set window(...) too, or leave windowDecorations false)");
        }
        if (frameSchedule == FrameSchedule.ABSOLUTE && maxFps != 0
                && Math.abs(1e9 / maxFps - minFrameInterval.toNanos()) > 1) {
            throw new IllegalArgumentException("maxFps=" + maxFps + " with minFrameInterval=" + minFrameInterval
                    + " on schedule=ABSOLUTE: the schedule sets the rate (leave maxFps 0 or set it to "
                    + 1e9 / minFrameInterval.toNanos() + ", or use fixedRate)");
        }
    }

    @Override
    public String toString() {
        return "CaptureOptions[display=" + display + ", xauthority=" + xauthority + ", region=" + region + ", monitor="
                + monitor + ", window=" + window + (windowDecorations ? " with decorations" : "") + ", slots="
                + slots + ", source=" + source + ", maxFps=" + maxFps + ", changeTracking="
                + changeTracking + ", cursor=" + cursor + ", delivery=" + delivery + ", minFrameInterval="
                + minFrameInterval + ", frameSchedule=" + frameSchedule + "]";
    }
}
