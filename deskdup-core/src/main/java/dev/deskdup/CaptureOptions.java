package dev.deskdup;

import java.time.Duration;

/**
 * What to capture and how: immutable; each {@code with…}-style method returns a changed copy.
 *
 * <pre>{@code
 * CaptureOptions options = CaptureOptions.defaults()
 *         .display(":0")                       // default: $DISPLAY
 *         .region(Region.of(0, 0, 1280, 720))  // default: the whole screen
 *         .slots(3)                            // frames that may be held at once
 *         .maxFps(60)                          // default: unpaced
 *         .cursor(CursorMode.SEPARATE)         // default: NONE
 *         .delivery(Delivery.LATEST);          // default: LATEST
 * }</pre>
 */
public final class CaptureOptions {

    /** Source names accepted by {@link #source(String)}. */
    public static final String SOURCE_AUTO = "auto";
    public static final String SOURCE_X11 = "x11";
    public static final String SOURCE_DXGI = "dxgi";
    public static final String SOURCE_SYNTHETIC = "synthetic";

    private String display;
    private Region region;
    private int slots = 3;
    private String source = SOURCE_AUTO;
    private double maxFps;
    private int syntheticWidth = 640;
    private int syntheticHeight = 480;
    private boolean syntheticChecksum;
    private boolean changeTracking = true;
    private CursorMode cursor = CursorMode.NONE;
    private String monitor;
    private Delivery delivery = Delivery.LATEST;
    private Duration minFrameInterval = Duration.ZERO;

    private CaptureOptions() {
    }

    private CaptureOptions copy() {
        CaptureOptions c = new CaptureOptions();
        c.display = display;
        c.region = region;
        c.slots = slots;
        c.source = source;
        c.maxFps = maxFps;
        c.syntheticWidth = syntheticWidth;
        c.syntheticHeight = syntheticHeight;
        c.syntheticChecksum = syntheticChecksum;
        c.changeTracking = changeTracking;
        c.cursor = cursor;
        c.monitor = monitor;
        c.delivery = delivery;
        c.minFrameInterval = minFrameInterval;
        return c;
    }

    /**
     * Whole screen of {@code $DISPLAY}, 3 slots, source chosen automatically, unpaced, change tracking on, no cursor,
     * {@link Delivery#LATEST}.
     */
    public static CaptureOptions defaults() {
        return new CaptureOptions();
    }

    /** The X display to capture, e.g. {@code ":0"}; null means {@code $DISPLAY}. */
    public CaptureOptions display(String display) {
        CaptureOptions c = copy();
        c.display = display;
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
        if (slots < 1 || slots > 64) {
            throw new IllegalArgumentException("slots=" + slots + " is out of range (choose 1 to 64; 3 is the default)");
        }
        CaptureOptions c = copy();
        c.slots = slots;
        return c;
    }

    /**
     * The backend: {@code "auto"} (X11 where a display is reachable, DXGI on Windows), {@code "x11"}, {@code "dxgi"},
     * or {@code "synthetic"} (a deterministic test pattern; only when asked for by name).
     */
    public CaptureOptions source(String source) {
        if (source == null) {
            throw new IllegalArgumentException("source=null (choose auto, x11, dxgi or synthetic)");
        }
        CaptureOptions c = copy();
        c.source = source;
        return c;
    }

    /** At most this many frames per second (0 = unpaced: every acquire captures at once). */
    public CaptureOptions maxFps(double maxFps) {
        if (!(maxFps >= 0) || Double.isInfinite(maxFps)) {
            throw new IllegalArgumentException("maxFps=" + maxFps + " must be a finite number >= 0 (0 = unpaced)");
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
        return c;
    }

    /**
     * Whether to capture only what changed (default true). With X11 this uses DAMAGE and XFIXES when the server has
     * them: {@code acquire} waits until something changed (an idle screen costs nothing), each frame lists what
     * changed, and only those areas are copied. False: full-frame polling, every {@code acquire} copies the whole
     * area at once.
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
     * A fixed cadence even when nothing changes: when no change came within this interval, a frame repeating the
     * previous one is delivered ({@link Frame#isRepeat()}, no dirty rectangles, nothing copied). Zero (default): a
     * change-tracking capture delivers frames only when something changed.
     */
    public CaptureOptions minFrameInterval(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("minFrameInterval=" + interval + " must be >= 0 (0 = off)");
        }
        CaptureOptions c = copy();
        c.minFrameInterval = interval;
        return c;
    }

    public String display() {
        return display;
    }

    /** The display to use: the one given, else {@code $DISPLAY}, else null. */
    public String effectiveDisplay() {
        return display != null ? display : System.getenv("DISPLAY");
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

    @Override
    public String toString() {
        return "CaptureOptions[display=" + display + ", region=" + region + ", monitor=" + monitor + ", slots="
                + slots + ", source=" + source + ", maxFps=" + maxFps + ", changeTracking=" + changeTracking
                + ", cursor=" + cursor + ", delivery=" + delivery + ", minFrameInterval=" + minFrameInterval + "]";
    }
}
