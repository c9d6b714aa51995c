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
 * Latency of damage-driven capture: a 100×100 rectangle is drawn on a second X connection at 1920×1080, and the
 * consumer then holds the frame that contains it. Sample mode, so JMH reports p50/p99.
 * <ul>
 *   <li>{@code drawSyncToFrame}: the draw call and its sync round trip, then acquire (all timed);</li>
 *   <li>{@code syncToFrame}: only the acquire after the draw was synced (draw + sync in an untimed setup): the
 *       time from "the server has the change" to "the consumer holds it".</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class DamageLatencyBenchmark {

    @Param({"1920x1080"})
    public String size;

    private VirtualDisplay xvfb;
    private X11Painter painter;
    private ScreenCapture capture;
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
        capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11).changeTracking(true));
        capture.acquire(1, TimeUnit.SECONDS).release(); // the first frame is the whole screen
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        capture.close();
        painter.close();
        xvfb.close();
    }

    private void drawAndSync() {
        int n = step++;
        int x = (n * 37) % (width - 100);
        int y = (n * 53) % (height - 100);
        painter.fillRect(x, y, 100, 100, (n & 1) == 0 ? 0xFF8000 : 0x0080FF);
        painter.sync();
    }

    private int holdFrame() {
        Frame frame = capture.acquire(1, TimeUnit.SECONDS);
        if (frame == null) {
            throw new IllegalStateException("no frame within 1 s after a synced draw: damage lost");
        }
        int n = frame.dirtyRectCount();
        frame.release();
        return n;
    }

    @Benchmark
    public int drawSyncToFrame() {
        drawAndSync();
        return holdFrame();
    }

    /** Drawn and synced before each timed call. */
    @State(Scope.Thread)
    public static class Drawn {
        @Setup(Level.Invocation)
        public void draw(DamageLatencyBenchmark b) {
            b.drawAndSync();
        }
    }

    @Benchmark
    public int syncToFrame(Drawn drawn) {
        return holdFrame();
    }
}
