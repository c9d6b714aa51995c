package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Window capture and cursor-only frames allocate nothing per frame in steady state, like screen capture
 * ({@link Allocations}: pull mode, the least of a few rounds after warm-up).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class X11WindowAllocationTest {

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

    /**
     * Runs {@code drawing} on its own connection while frames are taken; asserts under 1 byte per frame after
     * warm-up ({@link Allocations}) and returns the bytes copied into slots while measuring.
     */
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
                for (int i = 0; i < 3000; i++) { // warm-up, and every slot caught up
                    consumeOne(capture, rects);
                }
                long bytesBefore = capture.bytesCopied();
                double perFrame = Allocations.perCall(what, 0, 2000, 4, () -> consumeOne(capture, rects));
                assertThat(perFrame).isLessThan(1.0);
                return capture.bytesCopied() - bytesBefore;
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
