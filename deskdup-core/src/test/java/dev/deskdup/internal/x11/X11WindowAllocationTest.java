package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window capture and cursor-only frames allocate nothing per frame in steady state, like screen capture
 * ({@code ThreadMXBean#getCurrentThreadAllocatedBytes}, pull mode, best of a few rounds after warm-up).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X11WindowAllocationTest {

    static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void framesOfACoveredWindowBeingDrawnIntoAllocateNothing() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240); X11Painter painter = xvfb.painter()) {
            TestWindow a = painter.createWindow(10, 10, 200, 150, 0x101010).map();
            painter.createWindow(100, 80, 200, 150, 0x808080).map();
            painter.sync();
            CaptureOptions options = CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                    .source(CaptureOptions.SOURCE_X11).window(a.id()).cursor(CursorMode.COMPOSITED);
            int window = a.id();
            assertAllocationFree(xvfb, options, (p, i) -> p.fillRect(window, (i * 7) % 190, (i * 13) % 140, 8, 8,
                    i * 0x010203), "window, composited cursor");
        }
    }

    @Test
    void cursorOnlyFramesAllocateNothingAndCopyNothing() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240); X11Painter painter = xvfb.painter()) {
            painter.setRootCursor(68);
            CaptureOptions options = CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                    .source(CaptureOptions.SOURCE_X11).cursor(CursorMode.SEPARATE);
            long copied = assertAllocationFree(xvfb, options, (p, i) -> p.movePointer(10 + i % 300, 10 + (i / 7) % 220),
                    "pointer motion, separate cursor");
            assertThat(copied).as("pixel bytes copied during the measured cursor-only frames").isZero();
        }
    }

    interface Drawing {
        void step(X11Painter painter, int i);
    }

    /** Runs {@code drawing} on its own connection while frames are taken; returns bytes copied while measuring. */
    private static long assertAllocationFree(VirtualDisplay xvfb, CaptureOptions options, Drawing drawing,
                                             String what) throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options)) {
            AtomicBoolean running = new AtomicBoolean(true);
            Thread drawer = new Thread(() -> {
                try (X11Painter p = xvfb.painter()) {
                    for (int i = 0; running.get(); i++) {
                        drawing.step(p, i);
                        p.sync();
                    }
                }
            });
            drawer.start();
            try {
                int[] rects = new int[64];
                long sink = 0;
                for (int i = 0; i < 3000; i++) {
                    sink += consumeOne(capture, rects);
                }
                int frames = 2000;
                double best = Double.MAX_VALUE;
                long copied = 0;
                StringBuilder rounds = new StringBuilder();
                for (int round = 0; round < 4 && best >= 1.0; round++) {
                    long bytesBefore = capture.bytesCopied();
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < frames; i++) {
                        sink += consumeOne(capture, rects);
                    }
                    double perFrame = (double) (THREADS.getCurrentThreadAllocatedBytes() - before) / frames;
                    copied = capture.bytesCopied() - bytesBefore;
                    rounds.append(String.format(" %.3f", perFrame));
                    best = Math.min(best, perFrame);
                }
                System.out.printf("%s: bytes/frame per round of %d frames:%s (sink=%d)%n", what, frames, rounds, sink);
                assertThat(best).isLessThan(1.0);
                return copied;
            } finally {
                running.set(false);
                drawer.join();
            }
        }
    }

    private static long consumeOne(ScreenCapture capture, int[] rects) {
        Frame frame = capture.acquire(2, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 2 s while drawing");
        }
        try {
            int n = frame.copyDirtyRects(rects);
            return n + frame.pixels().byteSize() + frame.cursorX() + (frame.cursorShapeChanged() ? 1 : 0);
        } finally {
            frame.release();
        }
    }
}
