package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link FrameFitter}: the video keeps its size; what each policy shows; nothing allocated per frame. */
class FrameFitterTest {

    private static final int RED = 0xFF0000;
    private static final int GREEN = 0x00FF00;

    private static int pixel(FittedFrame f, int x, int y) {
        return f.pixels().get(ValueLayout.JAVA_INT_UNALIGNED, (long) y * f.stride() + x * 4L) & 0xFFFFFF;
    }

    @Test
    void aFrameOfTheVideosSizePassesThroughWithItsOwnPixelsAndRects() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 8, 4)) {
            TestFrame frame = new TestFrame(arena, 8, 4, 40).next(1, 1, 2, 2);

            FittedFrame f = fitter.fit(frame);

            assertThat(f.pixels()).isSameAs(frame.pixels());
            assertThat(f.stride()).isEqualTo(40);
            assertThat(f.rectCount()).isEqualTo(1);
            assertThat(new int[]{f.rectX(0), f.rectY(0), f.rectWidth(0), f.rectHeight(0)}).containsExactly(1, 1, 2, 2);
        }
    }

    @Test
    void theSameFrameFittedAgainIsARepeatWithNoChangedRects() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 8, 4)) {
            TestFrame small = new TestFrame(arena, 4, 2, 16).fill(0, 0, 4, 2, RED).nextFull();
            fitter.fit(small);

            assertThat(fitter.fit(small).rectCount()).isZero();
        }
    }

    @Test
    void scaleStretchesASmallerFrameOverTheWholeVideo() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 8, 4)) {
            TestFrame small = new TestFrame(arena, 4, 4, 16).fill(0, 0, 2, 4, RED).fill(2, 0, 2, 4, GREEN).nextFull();

            FittedFrame f = fitter.fit(small);

            assertThat(f.width()).isEqualTo(8);
            assertThat(f.rectCount()).isEqualTo(1);
            for (int x = 0; x < 8; x++) {
                assertThat(pixel(f, x, 3)).as("x=%d", x).isEqualTo(x < 4 ? RED : GREEN);
            }
        }
    }

    @Test
    void padCentresTheFrameKeepingItsAspectRatioWithBlackBars() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.PAD, 8, 4)) {
            TestFrame tall = new TestFrame(arena, 2, 4, 8).fill(0, 0, 1, 4, RED).fill(1, 0, 1, 4, GREEN).nextFull();

            FittedFrame f = fitter.fit(tall);

            int[] row = new int[8];
            for (int x = 0; x < 8; x++) {
                row[x] = pixel(f, x, 2);
            }
            assertThat(row).containsExactly(0, 0, 0, RED, GREEN, 0, 0, 0);
        }
    }

    @Test
    void cropShowsTheTopLeftOneToOneAndBlackBeyond() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.CROP, 8, 4)) {
            TestFrame big = new TestFrame(arena, 3, 6, 12).fill(0, 0, 3, 6, RED).set(2, 3, GREEN).nextFull();

            FittedFrame f = fitter.fit(big);

            assertThat(pixel(f, 2, 3)).isEqualTo(GREEN);
            assertThat(pixel(f, 0, 0)).isEqualTo(RED);
            assertThat(pixel(f, 3, 0)).isZero();
            assertThat(pixel(f, 7, 3)).isZero();
        }
    }

    @Test
    void aChangeAfterTheResizeRedrawsOnlyWhereItMapsTo() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.SCALE, 80, 40)) {
            TestFrame small = new TestFrame(arena, 40, 20, 160).fill(0, 0, 40, 20, RED).nextFull();
            fitter.fit(small);

            small.fill(10, 10, 2, 2, GREEN).next(10, 10, 2, 2);
            FittedFrame f = fitter.fit(small);

            assertThat(f.rectCount()).isEqualTo(1);
            assertThat(f.rectWidth(0) * f.rectHeight(0)).as("redrawn area").isLessThan(80 * 40 / 20);
            assertThat(pixel(f, 21, 21)).isEqualTo(GREEN);
            assertThat(pixel(f, 19, 21)).isEqualTo(RED);
        }
    }

    @Test
    void stopFailsNamingBothSizes() {
        try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(ResizePolicy.STOP, 8, 4)) {
            TestFrame small = new TestFrame(arena, 4, 2, 16).nextFull();

            assertThatThrownBy(() -> fitter.fit(small)).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("from 8x4 to 4x2");
        }
    }

    @Test
    void fittingAResizedFrameAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (ResizePolicy policy : new ResizePolicy[]{ResizePolicy.SCALE, ResizePolicy.PAD, ResizePolicy.CROP}) {
            try (Arena arena = Arena.ofConfined(); FrameFitter fitter = new FrameFitter(policy, 320, 240)) {
                TestFrame small = new TestFrame(arena, 200, 150, 800).nextFull();
                int[] rects = {0, 0, 10, 10, 0, 0, 5, 5};   // one array: a varargs call would allocate its own
                for (int i = 0; i < 2_000; i++) {   // warm-up
                    rects[0] = i % 190;
                    rects[1] = i % 140;
                    fitter.fit(small.next(rects));
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10_000; i++) {
                    rects[0] = i % 190;
                    rects[1] = i % 140;
                    fitter.fit(small.next(rects));
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertThat(allocated / 10_000).as("%s: bytes per frame", policy).isZero();
            }
        }
    }
}
