package dev.deskdup;

import dev.deskdup.SyntheticPattern;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The named copies and conversions write exactly the expected bytes into the caller's buffer. */
class FrameCopyAndConversionTest {

    static final int W = 13;
    static final int H = 7;

    static ScreenCapture capture() {
        return ScreenCapture.open(CaptureOptions.defaults().source("synthetic").syntheticSize(W, H));
    }

    static int argb(int x, int y) {
        return SyntheticPattern.pixel(1, x, y);
    }

    @Test
    void copyToByteArrayIsThePackedBgraBytes() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS)) {
            byte[] dst = new byte[W * H * 4];
            f.copyTo(dst);
            for (int i = 0; i < W * H; i++) {
                int p = argb(i % W, i / W);
                assertThat(dst[4 * i]).isEqualTo((byte) p);
                assertThat(dst[4 * i + 1]).isEqualTo((byte) (p >> 8));
                assertThat(dst[4 * i + 2]).isEqualTo((byte) (p >> 16));
                assertThat(dst[4 * i + 3]).isEqualTo((byte) 0xFF);
            }
        }
    }

    @Test
    void copyToByteBufferAdvancesItsPosition() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS)) {
            ByteBuffer dst = ByteBuffer.allocateDirect(W * H * 4 + 10);
            dst.position(10);
            f.copyTo(dst);
            assertThat(dst.position()).isEqualTo(10 + W * H * 4);
            assertThat(dst.get(10)).isEqualTo((byte) argb(0, 0));
        }
    }

    @Test
    void copyToDirectAndHeapBuffersHoldsTheSameBytesAsTheArrayCopyPackedOrStrided() {
        for (CaptureOptions o : new CaptureOptions[] {
                CaptureOptions.defaults().source("synthetic").syntheticSize(W, H),                 // stride == 4 W
                CaptureOptions.defaults().source("synthetic").syntheticSize(W, H).region(Region.of(2, 1, 9, 5))}) {
            try (ScreenCapture c = ScreenCapture.open(o); Frame f = c.acquire(1, TimeUnit.SECONDS)) {
                byte[] expected = new byte[(int) f.packedSize()];
                f.copyTo(expected);
                for (ByteBuffer dst : new ByteBuffer[] {ByteBuffer.allocateDirect(expected.length + 3),
                        ByteBuffer.allocate(expected.length + 3)}) {
                    dst.position(3);
                    f.copyTo(dst);
                    byte[] got = new byte[expected.length];
                    dst.get(3, got);
                    assertThat(got).as("%s, stride %d", dst.isDirect() ? "direct" : "heap", f.stride())
                            .isEqualTo(expected);
                }
            }
        }
    }

    @Test
    void copyIntoTooSmallBufferNamesBothSizes() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS)) {
            assertThatThrownBy(() -> f.copyTo(new byte[10]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("dst.byteSize=10")
                    .hasMessageContaining(String.valueOf(W * H * 4));
        }
    }

    @Test
    void convertsToRgbaRgbAndGray() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS); Arena arena = Arena.ofConfined()) {
            MemorySegment rgba = arena.allocate(W * H * 4);
            MemorySegment rgb = arena.allocate(W * H * 3);
            MemorySegment gray = arena.allocate(W * H);
            f.convertTo(PixelFormat.RGBA, rgba);
            f.convertTo(PixelFormat.RGB, rgb);
            f.convertTo(PixelFormat.GRAY8, gray);
            for (int i = 0; i < W * H; i++) {
                int p = argb(i % W, i / W);
                byte r = (byte) (p >> 16), g = (byte) (p >> 8), b = (byte) p;
                assertThat(rgba.get(ValueLayout.JAVA_BYTE, 4L * i)).isEqualTo(r);
                assertThat(rgba.get(ValueLayout.JAVA_BYTE, 4L * i + 1)).isEqualTo(g);
                assertThat(rgba.get(ValueLayout.JAVA_BYTE, 4L * i + 2)).isEqualTo(b);
                assertThat(rgba.get(ValueLayout.JAVA_BYTE, 4L * i + 3)).isEqualTo((byte) 0xFF);
                assertThat(rgb.get(ValueLayout.JAVA_BYTE, 3L * i)).isEqualTo(r);
                assertThat(rgb.get(ValueLayout.JAVA_BYTE, 3L * i + 1)).isEqualTo(g);
                assertThat(rgb.get(ValueLayout.JAVA_BYTE, 3L * i + 2)).isEqualTo(b);
                assertThat(gray.get(ValueLayout.JAVA_BYTE, i)).isEqualTo((byte) PixelConversions.gray(p));
            }
        }
    }

    @Test
    void toBufferedImageHoldsTheSameRgb() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS)) {
            BufferedImage image = f.toBufferedImage();
            assertThat(image.getWidth()).isEqualTo(W);
            assertThat(image.getRGB(5, 3) & 0xFFFFFF).isEqualTo(argb(5, 3) & 0xFFFFFF);
        }
    }

    @Test
    void pixelsViewIsReadOnlyAndTheSameObjectEachCall() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS)) {
            assertThat(f.pixels().isReadOnly()).isTrue();
            assertThat(f.pixels()).isSameAs(f.pixels());
            assertThat(f.pixels().byteSize()).isEqualTo((long) W * H * 4);
        }
    }

    @Test
    void dirtyRectsCopyIntoCallersArray() {
        try (ScreenCapture c = capture(); Frame f = c.acquire(0, TimeUnit.SECONDS)) {
            int[] rects = new int[8];
            assertThat(f.copyDirtyRects(rects)).isEqualTo(1);
            assertThat(rects).startsWith(0, 0, W, H);
            assertThatThrownBy(() -> f.dirtyRectX(1)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
