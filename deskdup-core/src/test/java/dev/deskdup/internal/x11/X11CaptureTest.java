package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Captures (full-frame mode) from a real Xvfb what a second connection drew, and compares every byte. */
@WithXvfb(width = X11CaptureTest.W, height = X11CaptureTest.H)
class X11CaptureTest {

    static final int W = 320;
    static final int H = 200;
    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static VirtualDisplay xvfb;
    static X11Painter painter;

    @BeforeAll
    static void startServer(VirtualDisplay display, X11Painter drawing) {
        xvfb = display;
        painter = drawing;
    }


    /** Full-frame polling: these tests pin the behaviour that mode keeps (change tracking has its own tests). */
    static CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11)
                .changeTracking(false);
    }

    /** Draws an expected image (0xRRGGBB) into the screen and returns it. */
    static int[] drawRectanglesIncludingEdgesAndCorners() {
        int[] expected = new int[W * H];
        fill(expected, 0, 0, W, H, 0x202020);
        fill(expected, 0, 0, 7, 5, 0xFF0000);             // top-left corner
        fill(expected, W - 9, 0, 9, 4, 0x00FF00);         // top-right corner
        fill(expected, 0, H - 3, 11, 3, 0x0000FF);        // bottom-left corner
        fill(expected, W - 1, H - 1, 1, 1, 0xFFFFFF);     // bottom-right pixel
        fill(expected, 40, 0, 100, 1, 0x123456);          // top edge line
        fill(expected, 0, 50, 1, 60, 0xABCDEF);           // left edge line
        fill(expected, 100, 70, 50, 40, 0x7F3F1F);        // middle
        painter.putImage(0, 0, W, H, expected);
        painter.sync();
        return expected;
    }

    static void fill(int[] image, int x, int y, int w, int h, int rgb) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                image[j * W + i] = rgb;
            }
        }
        painter.fillRect(x, y, w, h, rgb);
    }

    static void assertFrameEquals(Frame frame, int[] expected, Region region) {
        assertThat(frame.width()).isEqualTo(region.width());
        assertThat(frame.height()).isEqualTo(region.height());
        MemorySegment px = frame.pixels();
        for (int y = 0; y < region.height(); y++) {
            for (int x = 0; x < region.width(); x++) {
                int got = px.get(PIXEL, (long) y * frame.stride() + 4L * x) & 0xFFFFFF;
                int want = expected[(region.y() + y) * W + region.x() + x];
                if (got != want) {
                    throw new AssertionError("pixel (" + x + "," + y + ") of region " + region + ": got 0x"
                            + Integer.toHexString(got) + ", want 0x" + Integer.toHexString(want));
                }
            }
        }
    }

    @Test
    void capturesExactPixelsOfDrawnRectanglesAtEdgesAndCorners() {
        int[] expected = drawRectanglesIncludingEdgesAndCorners();
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            try (Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
                assertThat(frame).isNotNull();
                assertThat(frame.stride()).isEqualTo(W * 4);
                assertFrameEquals(frame, expected, Region.of(0, 0, W, H));
            }
        }
    }

    @Test
    void capturesExactPixelsOfRandomImagePutWithPutImage() {
        int[] expected = new int[W * H];
        Random random = new Random(42);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = random.nextInt() & 0xFFFFFF;
        }
        painter.putImage(0, 0, W, H, expected);
        painter.sync();
        try (ScreenCapture capture = ScreenCapture.open(options());
             Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
            assertFrameEquals(frame, expected, Region.of(0, 0, W, H));
        }
    }

    @Test
    void regionCaptureReturnsExactlyTheRegionsPixels() {
        int[] expected = drawRectanglesIncludingEdgesAndCorners();
        Region region = Region.of(W - 50, H - 30, 50, 30);
        try (ScreenCapture capture = ScreenCapture.open(options().region(region));
             Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
            assertThat(frame.pixels().byteSize()).isEqualTo(50L * 30 * 4);
            assertFrameEquals(frame, expected, region);
        }
    }

    @Test
    void pullSeesWhatWasDrawnBetweenFrames() {
        try (ScreenCapture capture = ScreenCapture.open(options().region(Region.of(10, 10, 4, 4)))) {
            painter.fillRect(10, 10, 4, 4, 0x112233);
            painter.sync();
            try (Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
                assertThat(frame.pixels().get(PIXEL, 0) & 0xFFFFFF).isEqualTo(0x112233);
            }
            painter.fillRect(10, 10, 4, 4, 0x445566);
            painter.sync();
            try (Frame frame = capture.acquire(1, TimeUnit.SECONDS)) {
                assertThat(frame.pixels().get(PIXEL, 0) & 0xFFFFFF).isEqualTo(0x445566);
                assertThat(frame.sequence()).isEqualTo(2);
            }
        }
    }

    @Test
    void pushDeliversFramesWithIncreasingSequence() throws Exception {
        int[] expected = drawRectanglesIncludingEdgesAndCorners();
        AtomicLong last = new AtomicLong();
        AtomicInteger checked = new AtomicInteger();
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            CaptureStream stream = capture.stream(frame -> {
                assertThat(frame.sequence()).isGreaterThan(last.get());
                last.set(frame.sequence());
                if (checked.get() < 3) {
                    assertFrameEquals(frame, expected, Region.of(0, 0, W, H));
                }
                if (checked.incrementAndGet() == 50) {
                    throw new StopSignal();
                }
            });
            assertThat(stream.await(Duration.ofSeconds(10))).isTrue();
            assertThat(stream.failure()).isInstanceOf(StopSignal.class);
            assertThat(checked.get()).isEqualTo(50);
        }
    }

    static final class StopSignal extends RuntimeException {
    }

    @Test
    void stopFromAnotherThreadEndsTheStreamPromptly() throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options().maxFps(30))) {
            AtomicInteger frames = new AtomicInteger();
            CaptureStream stream = capture.stream(frame -> frames.incrementAndGet());
            while (frames.get() < 3) {
                Thread.sleep(5);
            }
            long start = System.nanoTime();
            Thread stopper = new Thread(stream::stop);
            stopper.start();
            stopper.join();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(stream.isRunning()).isFalse();
            assertThat(tookMillis).isLessThan(100);
            assertThat(stream.failure()).isNull();
        }
    }

    @Test
    void closeFromAnotherThreadEndsTheStream() throws Exception {
        ScreenCapture capture = ScreenCapture.open(options().maxFps(30));
        AtomicInteger frames = new AtomicInteger();
        CaptureStream stream = capture.stream(frame -> frames.incrementAndGet());
        while (frames.get() < 2) {
            Thread.sleep(5);
        }
        Thread closer = new Thread(capture::close);
        closer.start();
        closer.join(1000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(stream.isRunning()).isFalse();
        assertThat(capture.isOpen()).isFalse();
    }
}
