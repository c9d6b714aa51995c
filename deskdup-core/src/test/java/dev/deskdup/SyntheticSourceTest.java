package dev.deskdup;

import dev.deskdup.SyntheticPattern;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticSourceTest {

    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static void assertPattern(Frame frame, long n, int originX, int originY) {
        MemorySegment px = frame.pixels();
        for (int y = 0; y < frame.height(); y++) {
            for (int x = 0; x < frame.width(); x++) {
                int got = px.get(PIXEL, (long) y * frame.stride() + 4L * x);
                assertThat(got).as("pixel (%d,%d) of frame %d", x, y, n)
                        .isEqualTo(SyntheticPattern.pixel(n, originX + x, originY + y));
            }
        }
    }

    @Test
    void withChecksumTheFirstPixelIsTheFrameNumberAndTheSecondTheSumOfAllOthers() {
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("synthetic")
                .syntheticSize(37, 21).syntheticChecksum(true))) {
            for (long n = 1; n <= 3; n++) {
                try (Frame frame = capture.acquire(0, TimeUnit.SECONDS)) {
                    MemorySegment px = frame.pixels();
                    int sum = 0;
                    for (int i = 0; i < 37 * 21; i++) {
                        int p = px.get(PIXEL, 4L * i);
                        if (i >= 2) {
                            assertThat(p).isEqualTo(SyntheticPattern.pixel(n, i % 37, i / 37));
                        }
                        sum += i == 1 ? 0 : p;
                    }
                    assertThat(px.get(PIXEL, 0)).isEqualTo((int) n);
                    assertThat(px.get(PIXEL, 4)).isEqualTo(sum);
                }
            }
        }
    }

    @Test
    void framesAreTheDeterministicPatternOfTheirFrameNumber() {
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("synthetic")
                .syntheticSize(37, 21))) {
            for (long n = 1; n <= 3; n++) {
                try (Frame frame = capture.acquire(0, TimeUnit.SECONDS)) {
                    assertThat(frame.sequence()).isEqualTo(n);
                    assertThat(frame.dirtyRectCount()).isEqualTo(1);
                    assertThat(frame.dirtyRectWidth(0)).isEqualTo(37);
                    assertPattern(frame, n, 0, 0);
                }
            }
            assertThat(capture.bytesCopied()).isEqualTo(3L * 37 * 21 * 4);
        }
    }

    @Test
    void regionOfTheSyntheticScreenShowsThatPartOfThePattern() {
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("synthetic")
                .syntheticSize(100, 80).region(Region.of(10, 20, 30, 40)));
             Frame frame = capture.acquire(0, TimeUnit.SECONDS)) {
            assertThat(frame.width()).isEqualTo(30);
            assertPattern(frame, 1, 10, 20);
        }
    }

    @Test
    void maxFpsPacesFramesAndTimesOutWithNullWhenNextFrameIsNotDue() {
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("synthetic")
                .syntheticSize(8, 8).maxFps(5))) {
            capture.acquire(1, TimeUnit.SECONDS).release();
            long start = System.nanoTime();
            assertThat(capture.acquire(10, TimeUnit.MILLISECONDS)).isNull();
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.MILLISECONDS.toNanos(150));
            Frame next = capture.acquire(1, TimeUnit.SECONDS);
            assertThat(next).isNotNull();
            assertThat(next.sequence()).isEqualTo(2);
            next.release();
        }
    }

    @Test
    void syntheticRegionOffItsScreenIsRejected() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("synthetic")
                .syntheticSize(100, 80).region(Region.of(90, 0, 20, 20))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=90,0,20,20");
    }

    @Test
    void autoSourceWithoutDisplayExplainsWhatToDo() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().display(" ")))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("--virtual");
    }

    @Test
    void theTestPatternRefusesADisplayItCannotHonour() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("synthetic").display(":0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("display=:0")
                .hasMessageContaining("cannot be honoured by source=synthetic");
    }

    @Test
    void aDisplaySourceRefusesTheTestPatternsOptions() {
        assertThatThrownBy(() -> ScreenCapture.open(CaptureOptions.defaults().source("x11").display(":987")
                .syntheticSize(10, 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("syntheticSize")
                .hasMessageContaining("source=x11");
    }
}
