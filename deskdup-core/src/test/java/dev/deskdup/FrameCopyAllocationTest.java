package dev.deskdup;

import dev.deskdup.xvfb.junit.Allocations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code copyTo…}/{@code convertTo…} overload of {@link Frame} allocates nothing in steady state: under one
 * byte per call averaged over thousands of calls after warm-up, on the calling thread, at the call sites a user
 * writes (a held frame of a real capture, the user's own destination).
 */
@Timeout(60)
class FrameCopyAllocationTest {

    private static final int W = 64;
    private static final int H = 48;

    private ScreenCapture capture;
    private Frame frame;
    private Arena arena;

    @BeforeEach
    void acquire() {
        capture = ScreenCapture.open(CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC)
                .syntheticSize(W, H).region(Region.of(3, 2, W - 8, H - 6)));   // a region: stride > width * 4
        frame = capture.acquire(1, TimeUnit.SECONDS);
        arena = Arena.ofConfined();
    }

    @AfterEach
    void close() {
        frame.close();
        capture.close();
        arena.close();
    }

    private static void assertAllocatesNothing(String what, LongSupplier call) {
        assertThat(Allocations.perCall(what, 5_000, 5_000, 3, call)).as("bytes per call of " + what)
                .isLessThan(1.0);
    }

    @Test
    void copyToByteArrayAllocatesNothing() {
        byte[] dst = new byte[(int) frame.packedSize()];
        assertAllocatesNothing("copyTo(byte[])", () -> {
            frame.copyTo(dst);
            return dst[5];
        });
    }

    @Test
    void copyToHeapByteBufferAllocatesNothing() {
        ByteBuffer dst = ByteBuffer.allocate((int) frame.packedSize());
        assertAllocatesNothing("copyTo(heap ByteBuffer)", () -> {
            dst.clear();
            frame.copyTo(dst);
            return dst.position();
        });
    }

    @Test
    void copyToDirectByteBufferAllocatesNothing() {
        ByteBuffer dst = ByteBuffer.allocateDirect((int) frame.packedSize());
        assertAllocatesNothing("copyTo(direct ByteBuffer)", () -> {
            dst.clear();
            frame.copyTo(dst);
            return dst.position();
        });
    }

    @Test
    void copyToSegmentAllocatesNothing() {
        MemorySegment dst = arena.allocate(frame.packedSize());
        assertAllocatesNothing("copyTo(MemorySegment)", () -> {
            frame.copyTo(dst);
            return dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 5);
        });
    }

    @Test
    void convertToSegmentAllocatesNothingForEveryFormat() {
        for (PixelFormat format : PixelFormat.values()) {
            MemorySegment dst = arena.allocate((long) frame.width() * frame.height() * format.bytesPerPixel());
            assertAllocatesNothing("convertTo(" + format + ", MemorySegment)", () -> {
                frame.convertTo(format, dst);
                return dst.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 1);
            });
        }
    }

    @Test
    void convertToByteArrayAllocatesNothingForEveryFormat() {
        for (PixelFormat format : PixelFormat.values()) {
            byte[] dst = new byte[frame.width() * frame.height() * format.bytesPerPixel()];
            assertAllocatesNothing("convertTo(" + format + ", byte[])", () -> {
                frame.convertTo(format, dst);
                return dst[1];
            });
        }
    }

    @Test
    void copyDirtyRectsAllocatesNothing() {
        int[] dst = new int[4 * 16];
        assertAllocatesNothing("copyDirtyRects(int[])", () -> frame.copyDirtyRects(dst) + dst[2]);
    }
}
