package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
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
 * What a small change costs against a full frame at 3840×2160, in one run: {@code fullFrame} captures the whole
 * screen (change tracking off); {@code change64x64} captures after a 64×64 square moved (drawn and synced in an
 * untimed setup), so only the damaged area is fetched. Target: the second at most 5% of the first.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DamageCostBenchmark {

    @Param({"3840x2160"})
    public String size;

    private VirtualDisplay xvfb;
    private X11Painter painter;
    private ScreenCapture tracked;
    private ScreenCapture full;
    private int step;
    private int width;
    private int height;

    @Setup(Level.Trial)
    public void setUp() {
        String[] wh = size.split("x");
        width = Integer.parseInt(wh[0]);
        height = Integer.parseInt(wh[1]);
        xvfb = VirtualDisplay.start(width, height);
        painter = xvfb.painter();
        CaptureOptions options = CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
        tracked = ScreenCapture.open(options.changeTracking(true));
        full = ScreenCapture.open(options.changeTracking(false));
        tracked.acquire(1, TimeUnit.SECONDS).release();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tracked.close();
        full.close();
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

    /** A 64×64 square moved (drawn and synced) before each timed call. */
    @State(Scope.Thread)
    public static class Moved {
        @Setup(Level.Invocation)
        public void move(DamageCostBenchmark b) {
            int n = b.step++;
            b.painter.fillRect((n * 64) % (b.width - 64), (n * 29) % (b.height - 64), 64, 64,
                    (n & 1) == 0 ? 0x30C030 : 0xC03030);
            b.painter.sync();
        }
    }

    @Benchmark
    public long change64x64(Moved moved) {
        Frame frame = tracked.acquire(1, TimeUnit.SECONDS);
        if (frame == null) {
            throw new IllegalStateException("no frame within 1 s after a synced draw: damage lost");
        }
        long s = frame.sequence();
        frame.release();
        return s;
    }
}
