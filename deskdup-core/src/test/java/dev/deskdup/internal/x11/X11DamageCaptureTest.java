package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.internal.x11.X11Source;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Change tracking (DAMAGE + XFIXES) on a real Xvfb: what changed is reported, and only that is copied. */
@WithXvfb(width = X11DamageCaptureTest.W, height = X11DamageCaptureTest.H)
class X11DamageCaptureTest {

    static final int W = 320;
    static final int H = 200;
    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static VirtualDisplay xvfb;
    static X11Painter painter;
    /** What the screen shows, 0xRRGGBB, kept in step with every drawing. */
    static int[] screen = new int[W * H];

    @BeforeAll
    static void startServer(VirtualDisplay display, X11Painter drawing) {
        xvfb = display;
        painter = drawing;
    }


    @BeforeEach
    void paintKnownBackground() {
        Random random = new Random(7);
        for (int i = 0; i < screen.length; i++) {
            screen[i] = random.nextInt() & 0xFFFFFF;
        }
        painter.putImage(0, 0, W, H, screen);
        painter.sync();
    }

    static CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
    }

    static void draw(int x, int y, int w, int h, int rgb) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                screen[j * W + i] = rgb;
            }
        }
        painter.fillRect(x, y, w, h, rgb);
        painter.sync();
    }

    static Frame next(ScreenCapture capture) {
        Frame frame = capture.acquire(2, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 2 s").isNotNull();
        return frame;
    }

    static void assertPixelsMatchScreen(Frame frame, Region region) {
        MemorySegment px = frame.pixels();
        for (int y = 0; y < region.height(); y++) {
            for (int x = 0; x < region.width(); x++) {
                int got = px.get(PIXEL, (long) y * frame.stride() + 4L * x) & 0xFFFFFF;
                int want = screen[(region.y() + y) * W + region.x() + x];
                if (got != want) {
                    throw new AssertionError("pixel (" + x + "," + y + ") of region " + region + ": got 0x"
                            + Integer.toHexString(got) + ", want 0x" + Integer.toHexString(want));
                }
            }
        }
    }

    static boolean covers(Frame f, int x, int y, int w, int h) {
        for (int i = 0; i < f.dirtyRectCount(); i++) {
            if (f.dirtyRectX(i) <= x && f.dirtyRectY(i) <= y && f.dirtyRectX(i) + f.dirtyRectWidth(i) >= x + w
                    && f.dirtyRectY(i) + f.dirtyRectHeight(i) >= y + h) {
                return true;
            }
        }
        return false;
    }

    static boolean touches(Frame f, int x, int y, int w, int h) {
        for (int i = 0; i < f.dirtyRectCount(); i++) {
            if (f.dirtyRectX(i) < x + w && x < f.dirtyRectX(i) + f.dirtyRectWidth(i)
                    && f.dirtyRectY(i) < y + h && y < f.dirtyRectY(i) + f.dirtyRectHeight(i)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void changeTrackingIsTheDefaultWhenDamageAndXfixesArePresent() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            assertThat(capture.info().changeTracking()).isTrue();
        }
    }

    @Test
    void firstFrameIsFullyDirtyAndExact() {
        try (ScreenCapture capture = ScreenCapture.open(options()); Frame frame = next(capture)) {
            assertThat(frame.dirtyRectCount()).isEqualTo(1);
            assertThat(covers(frame, 0, 0, W, H)).isTrue();
            assertThat(frame.sizeChanged()).isFalse();
            assertPixelsMatchScreen(frame, Region.of(0, 0, W, H));
        }
    }

    @Test
    void drawnRectanglesAreTheNextFramesDirtyRectsAndNothingFarAway() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            next(capture).close();
            draw(10, 20, 30, 15, 0xFF0000);
            draw(250, 150, 40, 30, 0x00FF00);
            try (Frame frame = next(capture)) {
                assertThat(covers(frame, 10, 20, 30, 15)).isTrue();
                assertThat(covers(frame, 250, 150, 40, 30)).isTrue();
                assertThat(touches(frame, 100, 60, 100, 60)).as("nothing in the untouched middle").isFalse();
                assertThat(frame.dirtyRectCount()).isBetween(1, 2);
            }
        }
    }

    @Test
    void pixelsAreExactAfterPartialUpdates() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            next(capture).close();
            Random random = new Random(3);
            for (int round = 0; round < 10; round++) {
                int w = 1 + random.nextInt(60), h = 1 + random.nextInt(60);
                draw(random.nextInt(W - w + 1), random.nextInt(H - h + 1), w, h, random.nextInt() & 0xFFFFFF);
                try (Frame frame = next(capture)) {
                    assertPixelsMatchScreen(frame, Region.of(0, 0, W, H));
                }
            }
        }
    }

    @Test
    void everySlotCatchesUpOnChangesMadeWhileOthersWereFilled() {
        try (ScreenCapture capture = ScreenCapture.open(options().slots(3))) {
            next(capture).close();
            Frame held1 = next(captureAfter(capture, 5, 5, 0x111111));
            Frame held2 = next(captureAfter(capture, 50, 50, 0x222222));
            held1.close();
            held2.close();
            Random random = new Random(5);
            for (int round = 0; round < 6; round++) {
                Frame a = next(captureAfter(capture, random.nextInt(W - 20), random.nextInt(H - 20),
                        random.nextInt() & 0xFFFFFF));
                Frame b = next(captureAfter(capture, random.nextInt(W - 20), random.nextInt(H - 20),
                        random.nextInt() & 0xFFFFFF));
                assertPixelsMatchScreen(b, Region.of(0, 0, W, H));
                a.close();
                b.close();
            }
        }
    }

    private static ScreenCapture captureAfter(ScreenCapture capture, int x, int y, int rgb) {
        draw(x, y, 20, 20, rgb);
        return capture;
    }

    @Test
    void bytesCopiedScaleWithTheDrawnAreaNotTheScreen() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            next(capture).close();
            long before = capture.bytesCopied();
            draw(100, 100, 10, 10, 0x123456);
            next(capture).close();
            long copied = capture.bytesCopied() - before;
            assertThat(copied).isEqualTo(10 * 10 * 4);
        }
    }

    @Test
    void idleScreenTimesOutWithoutCopyingAnything() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            next(capture).close();
            long before = capture.bytesCopied();
            long start = System.nanoTime();
            Frame frame = capture.acquire(200, TimeUnit.MILLISECONDS);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(frame).isNull();
            assertThat(tookMillis).isBetween(150L, 1000L);
            assertThat(capture.bytesCopied()).isEqualTo(before);
            assertThat(capture.framesDelivered()).isEqualTo(1);
        }
    }

    @Test
    void changesOutsideTheRegionDeliverNoFrame() {
        try (ScreenCapture capture = ScreenCapture.open(options().region(Region.of(0, 0, 100, 100)))) {
            next(capture).close();
            draw(200, 150, 20, 20, 0xABCDEF);
            assertThat(capture.acquire(200, TimeUnit.MILLISECONDS)).isNull();
            draw(90, 90, 20, 20, 0x00FF00); // straddles the region's corner
            try (Frame frame = next(capture)) {
                assertThat(frame.dirtyRectCount()).isEqualTo(1);
                assertThat(frame.dirtyRectX(0)).isEqualTo(90);
                assertThat(frame.dirtyRectY(0)).isEqualTo(90);
                assertThat(frame.dirtyRectWidth(0)).isEqualTo(10);
                assertThat(frame.dirtyRectHeight(0)).isEqualTo(10);
                assertPixelsMatchScreen(frame, Region.of(0, 0, 100, 100));
            }
        }
    }

    @Test
    void dirtyRectsOfARegionCaptureAreInRegionCoordinates() {
        Region region = Region.of(100, 50, 120, 100);
        try (ScreenCapture capture = ScreenCapture.open(options().region(region))) {
            next(capture).close();
            draw(110, 60, 8, 6, 0x445566);
            try (Frame frame = next(capture)) {
                assertThat(covers(frame, 10, 10, 8, 6)).isTrue();
                assertThat(frame.dirtyRectWidth(0) * frame.dirtyRectHeight(0)).isLessThanOrEqualTo(8 * 6);
                assertPixelsMatchScreen(frame, region);
            }
        }
    }

    @Test
    void manySmallChangesKeepTheRectCountBoundedAndTheBoundingBoxCoversThemAll() {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            next(capture).close();
            for (int i = 0; i < 40; i++) { // 40 separate 2x2 dots on a grid, far apart
                int x = 10 + (i % 10) * 30, y = 10 + (i / 10) * 45;
                screen[y * W + x] = 0xFFFFFF;
                painter.fillRect(x, y, 2, 2, 0xFFFFFF);
                fillScreen(x, y, 2, 2, 0xFFFFFF);
            }
            painter.sync();
            try (Frame frame = next(capture)) {
                assertThat(frame.dirtyRectCount()).isBetween(1, SlotWriter.MAX_DIRTY_RECTS);
                for (int i = 0; i < 40; i++) {
                    int x = 10 + (i % 10) * 30, y = 10 + (i / 10) * 45;
                    assertThat(covers(frame, x, y, 2, 2)).as("dot " + i).isTrue();
                }
                assertPixelsMatchScreen(frame, Region.of(0, 0, W, H));
            }
        }
    }

    private static void fillScreen(int x, int y, int w, int h, int rgb) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                screen[j * W + i] = rgb;
            }
        }
    }

    @Test
    void fullFrameModeCopiesTheWholeFrameEveryTime() {
        try (ScreenCapture capture = ScreenCapture.open(options().changeTracking(false))) {
            assertThat(capture.info().changeTracking()).isFalse();
            next(capture).close();
            long before = capture.bytesCopied();
            try (Frame frame = next(capture)) { // nothing changed, still a frame
                assertThat(covers(frame, 0, 0, W, H)).isTrue();
            }
            assertThat(capture.bytesCopied() - before).isEqualTo((long) W * H * 4);
        }
    }

    @Test
    void stopEndsAStreamWaitingOnAnIdleScreenPromptly() throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options())) {
            AtomicInteger frames = new AtomicInteger();
            CaptureStream stream = capture.stream(frame -> frames.incrementAndGet());
            while (frames.get() < 1) {
                Thread.sleep(5);
            }
            Thread.sleep(100); // now blocked in poll on an idle screen
            long start = System.nanoTime();
            stream.stop();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(stream.isRunning()).isFalse();
            assertThat(tookMillis).isLessThan(30);
            assertThat(frames.get()).isEqualTo(1);
        }
    }
}
