package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.PixelFormat;
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

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * {@code Frame.copyTo…}/{@code convertTo…} of one megapixel (a 1024×1024 synthetic frame, held), called the way a
 * user calls them, each beside a plain byte-array loop doing the same work: the table reads as time per megapixel
 * and as a ratio to the obvious code. Run with {@code -prof gc}: every call should show 0 B/op.
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

    private ScreenCapture capture;
    private Frame frame;
    private Arena arena;
    private MemorySegment dst4;
    private MemorySegment dst3;
    private MemorySegment dst1;
    private ByteBuffer direct4;
    private ByteBuffer heap4;
    private byte[] bgraArray;
    private byte[] array4;
    private byte[] array3;
    private byte[] array1;

    @Setup(Level.Trial)
    public void setUp() {
        capture = ScreenCapture.open(CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC)
                .syntheticSize(W, H).slots(1));
        frame = capture.acquire(1, TimeUnit.SECONDS);
        arena = Arena.ofShared();
        dst4 = arena.allocate(W * H * 4L, 64);
        dst3 = arena.allocate(W * H * 3L, 64);
        dst1 = arena.allocate(W * H, 64);
        direct4 = ByteBuffer.allocateDirect(W * H * 4);
        heap4 = ByteBuffer.allocate(W * H * 4);
        bgraArray = new byte[W * H * 4];
        frame.copyTo(bgraArray);
        array4 = new byte[W * H * 4];
        array3 = new byte[W * H * 3];
        array1 = new byte[W * H];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.close();
        capture.close();
        arena.close();
    }

    @Benchmark
    public MemorySegment convertToRgbaSegment() {
        frame.convertTo(PixelFormat.RGBA, dst4);
        return dst4;
    }

    @Benchmark
    public byte[] convertToRgbaArray() {
        frame.convertTo(PixelFormat.RGBA, array4);
        return array4;
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
    public MemorySegment convertToRgbSegment() {
        frame.convertTo(PixelFormat.RGB, dst3);
        return dst3;
    }

    @Benchmark
    public byte[] convertToRgbArray() {
        frame.convertTo(PixelFormat.RGB, array3);
        return array3;
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
    public MemorySegment convertToGraySegment() {
        frame.convertTo(PixelFormat.GRAY8, dst1);
        return dst1;
    }

    @Benchmark
    public byte[] convertToGrayArray() {
        frame.convertTo(PixelFormat.GRAY8, array1);
        return array1;
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

    @Benchmark
    public byte[] copyToArray() {
        frame.copyTo(array4);
        return array4;
    }

    @Benchmark
    public MemorySegment copyToSegment() {
        frame.copyTo(dst4);
        return dst4;
    }

    @Benchmark
    public ByteBuffer copyToDirectBuffer() {
        direct4.clear();
        frame.copyTo(direct4);
        return direct4;
    }

    @Benchmark
    public ByteBuffer copyToHeapBuffer() {
        heap4.clear();
        frame.copyTo(heap4);
        return heap4;
    }

    @Benchmark
    public byte[] copyPlainArrayCopy() {
        System.arraycopy(bgraArray, 0, array4, 0, array4.length);
        return array4;
    }
}
