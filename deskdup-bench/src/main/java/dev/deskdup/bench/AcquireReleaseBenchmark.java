package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What the ring itself costs per frame: acquire and release on a 1×1 synthetic source (so pattern generation is
 * negligible), and the Frame accessors a consumer calls. Run with {@code -prof gc} to see 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class AcquireReleaseBenchmark {

    private ScreenCapture capture;
    private Frame held;

    @Setup(Level.Trial)
    public void setUp() {
        capture = ScreenCapture.open(CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC)
                .syntheticSize(1, 1));
        held = capture.acquire(0, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        held.release();
        capture.close();
    }

    @Benchmark
    public long acquireRelease() {
        Frame frame = capture.acquire(0, TimeUnit.SECONDS);
        long s = frame.sequence();
        frame.release();
        return s;
    }

    @Benchmark
    public void frameAccessors(Blackhole bh) {
        bh.consume(held.sequence());
        bh.consume(held.width());
        bh.consume(held.height());
        bh.consume(held.stride());
        bh.consume(held.timestampNanos());
        bh.consume(held.pixels());
        bh.consume(held.dirtyRectCount());
    }
}
