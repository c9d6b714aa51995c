package dev.deskdup.cli;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link I420Converter}: BT.709 limited-range values, only what changed converted, odd sizes, no allocation. */
class I420ConverterTest {

    /** Y, Cb, Cr of an sRGB colour by the BT.709 limited-range formulas, in doubles. */
    private static double[] bt709(int rgb) {
        double r = (rgb >> 16) & 0xFF;
        double g = (rgb >> 8) & 0xFF;
        double b = rgb & 0xFF;
        double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        return new double[]{16 + 219 * y / 255, 128 + 224 * (b - y) / (2 * (1 - 0.0722)) / 255,
                128 + 224 * (r - y) / (2 * (1 - 0.2126)) / 255};
    }

    private static int[] yuvAt(I420Converter c, int x, int y) {
        ByteBuffer f = c.frame();
        int w = c.width();
        int chroma = w * c.height();
        int cw = w / 2;
        int cIndex = (y / 2) * cw + x / 2;
        return new int[]{f.get(y * w + x) & 0xFF, f.get(chroma + cIndex) & 0xFF,
                f.get(chroma + cw * (c.height() / 2) + cIndex) & 0xFF};
    }

    @Test
    void solidColoursGetTheirBt709LimitedRangeValues() {
        int[] colours = {0x000000, 0xFFFFFF, 0xFF0000, 0x00FF00, 0x0000FF, 0x808080, 0xC86428, 0x1E90FF};
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 16, 8);
             I420Converter c = new I420Converter(16, 8)) {
            TestFrame frame = new TestFrame(arena, 16, 8, 64);
            for (int colour : colours) {
                frame.fill(0, 0, 16, 8, colour).nextFull();
                c.convert(fitter.fit(frame));
                int[] yuv = yuvAt(c, 5, 3);
                double[] expected = bt709(colour);
                for (int i = 0; i < 3; i++) {
                    assertThat((double) yuv[i]).as("%06x plane %d", colour, i).isCloseTo(expected[i],
                            org.assertj.core.data.Offset.offset(0.51));
                }
            }
        }
    }

    @Test
    void convertingOnlyTheChangedRectanglesGivesWhatAFullConversionGives() {
        Random random = new Random(42);
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 64, 48);
             I420Converter incremental = new I420Converter(64, 48)) {
            TestFrame frame = new TestFrame(arena, 64, 48, 64 * 4 + 12);
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 64; x++) {
                    frame.set(x, y, random.nextInt(0x1000000));
                }
            }
            incremental.convert(fitter.fit(frame.nextFull()));
            for (int i = 0; i < 200; i++) {
                int x = random.nextInt(64);
                int y = random.nextInt(48);
                int w = 1 + random.nextInt(64 - x);
                int h = 1 + random.nextInt(48 - y);
                frame.fill(x, y, w, h, random.nextInt(0x1000000));
                incremental.convert(fitter.fit(frame.next(x, y, w, h)));
            }
            try (FrameFitter again = new FrameFitter(ResizePolicy.SCALE, 64, 48);
                 I420Converter full = new I420Converter(64, 48)) {
                full.convert(again.fit(frame.nextFull()));
                assertThat(incremental.frame()).isEqualTo(full.frame());
            }
        }
    }

    @Test
    void aRepeatConvertsNothing() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 16, 8);
             I420Converter c = new I420Converter(16, 8)) {
            TestFrame frame = new TestFrame(arena, 16, 8, 64).fill(0, 0, 16, 8, 0x123456);
            c.convert(fitter.fit(frame.nextFull()));

            assertThat(c.convert(fitter.fit(frame.next()))).isZero();
        }
    }

    @Test
    void anOddSizeIsRoundedUpRepeatingTheLastColumnAndRow() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 5, 3);
             I420Converter c = new I420Converter(5, 3)) {
            TestFrame frame = new TestFrame(arena, 5, 3, 20).fill(0, 0, 5, 3, 0x000000).fill(4, 0, 1, 3, 0xFFFFFF)
                    .fill(0, 2, 5, 1, 0xFFFFFF);
            c.convert(fitter.fit(frame.nextFull()));

            assertThat(c.width()).isEqualTo(6);
            assertThat(c.height()).isEqualTo(4);
            assertThat(c.frameBytes()).isEqualTo(6 * 4 + 2 * 3 * 2);
            assertThat(yuvAt(c, 5, 0)[0]).as("repeated last column").isEqualTo(235);
            assertThat(yuvAt(c, 0, 3)[0]).as("repeated last row").isEqualTo(235);
            assertThat(yuvAt(c, 0, 0)[0]).isEqualTo(16);
        }
    }

    @Test
    void convertingAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 320, 240);
             I420Converter c = new I420Converter(320, 240)) {
            TestFrame frame = new TestFrame(arena, 320, 240, 1280);
            int[] rects = {0, 0, 64, 64, 100, 100, 10, 10};
            for (int i = 0; i < 3_000; i++) {
                rects[0] = i % 256;
                c.convert(fitter.fit(frame.next(rects)));
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                rects[0] = i % 256;
                c.convert(fitter.fit(frame.next(rects)));
                c.frame();
            }
            assertThat((threads.getCurrentThreadAllocatedBytes() - before) / 10_000).as("bytes per frame").isZero();
        }
    }
}
