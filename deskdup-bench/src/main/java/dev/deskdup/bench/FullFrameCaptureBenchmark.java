package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * Full-screen capture on a private Xvfb against the floor: one {@code MemorySegment.copy} of the same bytes.
 * The X server's copy into our shared memory is the whole cost of a frame; the ratio of the two says what the Java
 * side adds. Both run in the same fork, one after the other, so the ratio is taken from one run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FullFrameCaptureBenchmark {

    @Param({"1920x1080"})
    public String size;

    private VirtualDisplay xvfb;
    private ScreenCapture capture;
    private Arena arena;
    private MemorySegment source;
    private MemorySegment target;

    @Setup(Level.Trial)
    public void setUp() {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]);
        int h = Integer.parseInt(wh[1]);
        xvfb = VirtualDisplay.start(w, h);
        xvfb.startScene();
        // Full-frame polling, as this benchmark has always measured (change tracking is the default since issue 3).
        capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11).changeTracking(false));
        arena = Arena.ofShared();
        source = arena.allocate((long) w * h * 4, 64);
        target = arena.allocate((long) w * h * 4, 64);
        source.fill((byte) 7);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        capture.close();
        xvfb.close();
        arena.close();
    }

    /** One frame: the X server writes the whole screen into a slot, we hand out the view, the consumer releases. */
    @Benchmark
    public byte captureFullFrame() {
        Frame frame = capture.acquire(1, TimeUnit.SECONDS);
        byte b = frame.pixels().get(ValueLayout.JAVA_BYTE, 0);
        frame.release();
        return b;
    }

    /** The floor: a single memcpy of the same number of bytes, off-heap to off-heap. */
    @Benchmark
    public MemorySegment copyFrameFloor() {
        MemorySegment.copy(source, 0, target, 0, source.byteSize());
        return target;
    }
}
