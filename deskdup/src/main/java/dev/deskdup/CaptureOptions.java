package dev.deskdup;

/**
 * What to capture and how: immutable; each {@code with…}-style method returns a changed copy.
 *
 * <pre>{@code
 * CaptureOptions options = CaptureOptions.defaults()
 *         .display(":0")                       // default: $DISPLAY
 *         .region(Region.of(0, 0, 1280, 720))  // default: the whole screen
 *         .slots(3)                            // frames that may be held at once
 *         .maxFps(60);                         // default: unpaced
 * }</pre>
 */
public final class CaptureOptions {

    /** Source names accepted by {@link #source(String)}. */
    public static final String SOURCE_AUTO = "auto";
    public static final String SOURCE_X11 = "x11";
    public static final String SOURCE_DXGI = "dxgi";
    public static final String SOURCE_SYNTHETIC = "synthetic";

    private final String display;
    private final Region region;
    private final int slots;
    private final String source;
    private final double maxFps;
    private final int syntheticWidth;
    private final int syntheticHeight;

    private CaptureOptions(String display, Region region, int slots, String source, double maxFps,
                           int syntheticWidth, int syntheticHeight) {
        this.display = display;
        this.region = region;
        this.slots = slots;
        this.source = source;
        this.maxFps = maxFps;
        this.syntheticWidth = syntheticWidth;
        this.syntheticHeight = syntheticHeight;
    }

    /** Whole screen of {@code $DISPLAY}, 3 slots, source chosen automatically, unpaced. */
    public static CaptureOptions defaults() {
        return new CaptureOptions(null, null, 3, SOURCE_AUTO, 0, 640, 480);
    }

    /** The X display to capture, e.g. {@code ":0"}; null means {@code $DISPLAY}. */
    public CaptureOptions display(String display) {
        return new CaptureOptions(display, region, slots, source, maxFps, syntheticWidth, syntheticHeight);
    }

    /** The part of the screen to capture; null means the whole screen. Checked against the screen on open. */
    public CaptureOptions region(Region region) {
        return new CaptureOptions(display, region, slots, source, maxFps, syntheticWidth, syntheticHeight);
    }

    /** How many frame slots to preallocate (1..64): the number of frames a consumer may hold at once. */
    public CaptureOptions slots(int slots) {
        if (slots < 1 || slots > 64) {
            throw new IllegalArgumentException("slots=" + slots + " is out of range (choose 1 to 64; 3 is the default)");
        }
        return new CaptureOptions(display, region, slots, source, maxFps, syntheticWidth, syntheticHeight);
    }

    /**
     * The backend: {@code "auto"} (X11 where a display is reachable, DXGI on Windows), {@code "x11"}, {@code "dxgi"},
     * or {@code "synthetic"} (a deterministic test pattern; only when asked for by name).
     */
    public CaptureOptions source(String source) {
        if (source == null) {
            throw new IllegalArgumentException("source=null (choose auto, x11, dxgi or synthetic)");
        }
        return new CaptureOptions(display, region, slots, source, maxFps, syntheticWidth, syntheticHeight);
    }

    /** At most this many frames per second (0 = unpaced: every acquire captures at once). */
    public CaptureOptions maxFps(double maxFps) {
        if (!(maxFps >= 0) || Double.isInfinite(maxFps)) {
            throw new IllegalArgumentException("maxFps=" + maxFps + " must be a finite number >= 0 (0 = unpaced)");
        }
        return new CaptureOptions(display, region, slots, source, maxFps, syntheticWidth, syntheticHeight);
    }

    /** Screen size of the synthetic source (default 640×480). */
    public CaptureOptions syntheticSize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height > (1L << 28)) {
            throw new IllegalArgumentException("syntheticSize=" + width + "x" + height
                    + " is out of range (width and height >= 1, at most 2^28 pixels)");
        }
        return new CaptureOptions(display, region, slots, source, maxFps, width, height);
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

    @Override
    public String toString() {
        return "CaptureOptions[display=" + display + ", region=" + region + ", slots=" + slots + ", source=" + source
                + ", maxFps=" + maxFps + "]";
    }
}
