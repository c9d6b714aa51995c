package dev.deskdup.bench;

import dev.deskdup.pixel.PixelConversions;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * BGRA → RGBA / RGB / GRAY8 conversions of one megapixel (1024×1024), each against a plain byte-array loop doing the
 * same work, so the table reads as time per megapixel and as a ratio to the obvious code.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class PixelConversionBenchmark {

    static final int W = 1024;
    static final int H = 1024;

    private Arena arena;
    private MemorySegment bgra;
    private MemorySegment dst4;
    private MemorySegment dst3;
    private MemorySegment dst1;
    private byte[] bgraArray;
    private byte[] array4;
    private byte[] array3;
    private byte[] array1;

    @Setup(Level.Trial)
    public void setUp() {
        arena = Arena.ofShared();
        bgraArray = new byte[W * H * 4];
        new Random(1).nextBytes(bgraArray);
        bgra = arena.allocate(bgraArray.length, 64);
        MemorySegment.copy(MemorySegment.ofArray(bgraArray), 0, bgra, 0, bgraArray.length);
        dst4 = arena.allocate(W * H * 4L, 64);
        dst3 = arena.allocate(W * H * 3L, 64);
        dst1 = arena.allocate(W * H, 64);
        array4 = new byte[W * H * 4];
        array3 = new byte[W * H * 3];
        array1 = new byte[W * H];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public MemorySegment toRgba() {
        PixelConversions.toRgba(bgra, W * 4, W, H, dst4);
        return dst4;
    }

    @Benchmark
    public byte[] toRgbaPlainLoop() {
        byte[] s = bgraArray;
        byte[] d = array4;
        for (int i = 0; i < s.length; i += 4) {
            d[i] = s[i + 2];
            d[i + 1] = s[i + 1];
            d[i + 2] = s[i];
            d[i + 3] = s[i + 3];
        }
        return d;
    }

    @Benchmark
    public MemorySegment toRgb() {
        PixelConversions.toRgb(bgra, W * 4, W, H, dst3);
        return dst3;
    }

    @Benchmark
    public byte[] toRgbPlainLoop() {
        byte[] s = bgraArray;
        byte[] d = array3;
        for (int i = 0, j = 0; i < s.length; i += 4, j += 3) {
            d[j] = s[i + 2];
            d[j + 1] = s[i + 1];
            d[j + 2] = s[i];
        }
        return d;
    }

    @Benchmark
    public MemorySegment toGray() {
        PixelConversions.toGray(bgra, W * 4, W, H, dst1);
        return dst1;
    }

    @Benchmark
    public byte[] toGrayPlainLoop() {
        byte[] s = bgraArray;
        byte[] d = array1;
        for (int i = 0, j = 0; i < s.length; i += 4, j++) {
            d[j] = (byte) ((77 * (s[i + 2] & 0xFF) + 150 * (s[i + 1] & 0xFF) + 29 * (s[i] & 0xFF) + 128) >> 8);
        }
        return d;
    }
}
