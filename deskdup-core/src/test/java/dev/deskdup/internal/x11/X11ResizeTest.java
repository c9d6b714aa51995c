package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Screen size changes (RandR on Xvfb: xrandr --fb) and vanishing monitors while capturing. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class X11ResizeTest {

    record Seen(int width, int height, boolean sizeChanged, boolean fullyDirty, long bytes, long expectedBytes) {
    }

    static CaptureOptions options(VirtualDisplay xvfb) {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
    }

    static void resize(VirtualDisplay xvfb, int width, int height) throws Exception {
        // Xvfb's one output must be off before the screen may shrink below its mode.
        XTool.run(xvfb, "xrandr", "--output", "screen", "--off", "--fb", width + "x" + height);
    }

    @Test
    void resizeDuringStreamingGivesOneSizeChangedFullyDirtyFrameAndNeverMixesSizes() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(640, 480);
             ScreenCapture capture = ScreenCapture.open(options(xvfb))) {
            AtomicBoolean drawing = new AtomicBoolean(true);
            Thread painterThread = new Thread(() -> {
                try (X11Painter painter = xvfb.painter()) {
                    for (int i = 0; drawing.get(); i++) {
                        painter.fillRect((i * 7) % 390, (i * 11) % 290, 10, 10, i * 0x030507);
                        painter.sync();
                    }
                } catch (RuntimeException e) {
                    // server gone at the end
                }
            });
            painterThread.start();
            List<Seen> seen = new CopyOnWriteArrayList<>();
            CaptureStream stream = capture.stream(f -> seen.add(new Seen(f.width(), f.height(), f.sizeChanged(),
                    f.dirtyRectCount() == 1 && f.dirtyRectWidth(0) == f.width() && f.dirtyRectHeight(0) == f.height(),
                    f.pixels().byteSize(), (long) f.stride() * (f.height() - 1) + 4L * f.width())));
            try {
                waitFor(() -> seen.size() >= 10);
                resize(xvfb, 400, 300);
                try {
                    waitFor(() -> seen.stream().filter(s -> s.width() == 400).count() >= 10);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": frames=" + seen.size() + ", at 400 wide="
                            + seen.stream().filter(s -> s.width() == 400).count() + ", painter alive="
                            + painterThread.isAlive() + ", delivered=" + capture.framesDelivered() + ", dropped="
                            + capture.framesDropped() + ", stream running=" + stream.isRunning() + ", failure="
                            + stream.failure() + ", last=" + (seen.isEmpty() ? null : seen.get(seen.size() - 1)) + "\n" + deskdupThreads(), e);
                }
            } finally {
                stream.stop();
                drawing.set(false);
                painterThread.join();
            }
            int firstNew = -1;
            for (int i = 0; i < seen.size(); i++) {
                Seen s = seen.get(i);
                assertThat(s.bytes()).as("frame %d: pixels match its size", i).isEqualTo(s.expectedBytes());
                if (firstNew < 0 && s.width() == 400) {
                    firstNew = i;
                }
            }
            assertThat(firstNew).isPositive();
            for (int i = 0; i < seen.size(); i++) {
                Seen s = seen.get(i);
                if (i < firstNew) {
                    assertThat(s.width() * 10000 + s.height()).as("frame %d", i).isEqualTo(640 * 10000 + 480);
                } else {
                    assertThat(s.width() * 10000 + s.height()).as("frame %d", i).isEqualTo(400 * 10000 + 300);
                }
                assertThat(s.sizeChanged()).as("frame %d sizeChanged", i).isEqualTo(i == firstNew);
            }
            assertThat(seen.get(firstNew).fullyDirty()).isTrue();
            assertThat(capture.width()).isEqualTo(400);
        }
    }

    @Test
    void sizeChangedComparesWithThePreviousDeliveredFrameNotWithFramesDroppedMeanwhile() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240);
             X11Painter painter = xvfb.painter();
             ScreenCapture capture = ScreenCapture.open(options(xvfb).delivery(Delivery.LATEST))) {
            CountDownLatch gotFirst = new CountDownLatch(1);
            CountDownLatch holdFirst = new CountDownLatch(1);
            List<Seen> seen = new CopyOnWriteArrayList<>();
            CaptureStream stream = capture.stream(f -> {
                seen.add(new Seen(f.width(), f.height(), f.sizeChanged(), false, 0, 0));
                if (seen.size() == 1) {
                    gotFirst.countDown();
                    holdFirst.await(); // the consumer is slow: what is captured meanwhile waits, or is dropped
                }
            });
            try {
                assertThat(gotFirst.await(5, TimeUnit.SECONDS)).isTrue();
                resize(xvfb, 200, 150);
                painter.fillRect(0, 0, 200, 150, 0x223344);
                painter.sync();
                waitFor(() -> capture.width() == 200); // a fill at 200x150 is under way, the consumer still busy
                Thread.sleep(200); // that frame is filled and waits for the consumer
                long dropped = capture.framesDropped();
                resize(xvfb, 320, 240);
                painter.fillRect(0, 0, 320, 240, 0x556677);
                painter.sync();
                // A frame at 320x240 replaces the waiting one (dropped, never delivered), as do any after it.
                waitFor(() -> capture.width() == 320 && capture.framesDropped() > dropped);
                Thread.sleep(200);
                holdFirst.countDown();
                waitFor(() -> seen.size() >= 2);
            } finally {
                holdFirst.countDown();
                stream.stop();
            }
            assertThat(seen.get(0).width()).isEqualTo(320);
            assertThat(seen.get(1).width() * 10000 + seen.get(1).height()).as("the second delivered frame")
                    .isEqualTo(320 * 10000 + 240);
            assertThat(seen.get(1).sizeChanged()).as("same size as the frame delivered before it").isFalse();
        }
    }

    @Test
    void aFrameHeldAcrossAResizeKeepsItsOldSizeAndPixels() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(640, 480);
             X11Painter painter = xvfb.painter();
             ScreenCapture capture = ScreenCapture.open(options(xvfb))) {
            painter.fillRect(0, 0, 640, 480, 0x112233);
            painter.sync();
            Frame held = capture.acquire(2, TimeUnit.SECONDS);
            resize(xvfb, 400, 300);
            painter.fillRect(0, 0, 400, 300, 0x445566);
            painter.sync();
            try (Frame resized = capture.acquire(2, TimeUnit.SECONDS)) {
                assertThat(resized.sizeChanged()).isTrue();
                assertThat(resized.width()).isEqualTo(400);
                assertThat(resized.pixels().get(X11CaptureTest.PIXEL, 0) & 0xFFFFFF).isEqualTo(0x445566);
                assertThat(held.width()).isEqualTo(640);
                assertThat(held.pixels().byteSize()).isEqualTo(640L * 480 * 4);
                assertThat(held.pixels().get(X11CaptureTest.PIXEL, 4L * (640 * 479 + 639)) & 0xFFFFFF)
                        .isEqualTo(0x112233);
            }
            held.release();
            for (int i = 0; i < 4; i++) { // every slot is rebuilt at the new size when next used
                painter.fillRect(i, i, 1, 1, 0xFFFFFF);
                painter.sync();
                Frame a = capture.acquire(2, TimeUnit.SECONDS);
                assertThat(a.width()).isEqualTo(400);
                assertThat(a.sizeChanged()).isFalse();
                assertThat(a.pixels().get(X11CaptureTest.PIXEL, 4L * (400 * 299 + 399)) & 0xFFFFFF)
                        .isEqualTo(0x445566);
                a.release();
            }
        }
    }

    @Test
    void aCapturedMonitorThatDisappearsFailsTheCaptureClearly() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(640, 480);
             X11Painter painter = xvfb.painter()) {
            XTool.run(xvfb, "xrandr", "--setmonitor", "right", "320/100x480/100+320+0", "none");
            try (ScreenCapture capture = ScreenCapture.open(options(xvfb).monitor("right"))) {
                capture.acquire(2, TimeUnit.SECONDS).close();
                XTool.run(xvfb, "xrandr", "--delmonitor", "right");
                painter.fillRect(400, 10, 10, 10, 0xFFFFFF);
                painter.sync();
                assertThatThrownBy(() -> capture.acquire(2, TimeUnit.SECONDS))
                        .isInstanceOf(CaptureException.class)
                        .hasMessageContaining("monitor=right")
                        .hasMessageContaining("disappeared");
            }
        }
    }

    static String deskdupThreads() {
        StringBuilder b = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, trace) -> {
            if (t.getName().startsWith("deskdup")) {
                b.append(t.getName()).append(' ').append(t.getState()).append('\n');
                for (StackTraceElement e : trace) {
                    b.append("    at ").append(e).append('\n');
                }
            }
        });
        return b.toString();
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(10);
        }
    }
}
