package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What capturing one window costs against capturing the same-sized region of the screen, on a private 1280×720
 * Xvfb: a 640×480 window at (100, 100), partly covered by a second window; the region is the screen's
 * {@code 100,100,640,480} (what the window's place on the screen shows), the pointer away from both. {@code target}
 * picks which one the trial opens (only that one: the other would add its own server work to every draw).
 *
 * <ul>
 * <li>{@code fullFrame}: change tracking off, one whole 640×480 read per frame: from the window's Composite pixmap,
 *     or from the root window. Target: equal within noise.</li>
 * <li>{@code change}: change tracking on, after a {@code side × side} square was drawn into the window (in an
 *     untimed setup, synced): only the damaged area is read. Target: in proportion to the change, as for the
 *     screen.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class WindowCaptureBenchmark {

    static final int W = 640;
    static final int H = 480;

    @Param({"window", "region"})
    public String target;

    private VirtualDisplay xvfb;
    private X11Painter painter;
    private TestWindow window;
    private ScreenCapture full;
    private ScreenCapture tracked;
    private int step;

    @Setup(Level.Trial)
    public void setUp() {
        xvfb = VirtualDisplay.start(1280, 720);
        painter = xvfb.painter();
        window = painter.createWindow(100, 100, W, H, 0x204060).map();
        painter.createWindow(600, 450, 300, 200, 0x808080).map(); // covers the window's lower right corner
        // Outside both: Xvfb's software cursor makes a root read over it hide and restore it, a cost of its own.
        painter.warpPointer(1270, 710);
        painter.sync();
        CaptureOptions options = CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11);
        options = target.equals("window") ? options.window(window.id()) : options.region(Region.of(100, 100, W, H));
        full = ScreenCapture.open(options.changeTracking(false));
        tracked = ScreenCapture.open(options.changeTracking(true).slots(1));
        tracked.acquire(1, TimeUnit.SECONDS).release();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        full.close();
        tracked.close();
        painter.close();
        xvfb.close();
    }

    @Benchmark
    public long fullFrame() {
        Frame frame = full.acquire(1, TimeUnit.SECONDS);
        long s = frame.sequence();
        frame.release();
        return s;
    }

    /** A {@code side × side} square drawn (and synced) into the window's uncovered part before each call. */
    @State(Scope.Thread)
    public static class Changed {
        @Param({"16", "64", "256"})
        public int side;

        @Setup(Level.Invocation)
        public void draw(WindowCaptureBenchmark b) {
            int n = b.step++;
            b.window.fill((n * 37) % (400 - side), (n * 23) % (300 - side), side, side,
                    (n & 1) == 0 ? 0x30C030 : 0xC03030);
            b.painter.sync();
        }
    }

    @Benchmark
    public long change(Changed changed) {
        Frame frame = tracked.acquire(1, TimeUnit.SECONDS);
        if (frame == null) {
            throw new IllegalStateException("no frame within 1 s after a synced draw: damage lost");
        }
        long s = frame.sequence();
        frame.release();
        return s;
    }
}
