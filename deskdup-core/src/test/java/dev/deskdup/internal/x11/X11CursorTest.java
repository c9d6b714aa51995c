package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The cursor from XFIXES: position per frame, shape on change, and blended into the pixels when asked. */
@WithXvfb(width = X11CursorTest.W, height = X11CursorTest.H)
class X11CursorTest {

    static final int W = 320;
    static final int H = 200;
    static final int BACKGROUND = 0x3080C0;
    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static VirtualDisplay xvfb;
    static X11Painter painter;

    @BeforeAll
    static void startServer(VirtualDisplay display, X11Painter drawing) {
        xvfb = display;
        painter = drawing;
    }


    @BeforeEach
    void plainBackgroundAndDefaultCursor() throws Exception {
        setRootCursor(LEFT_PTR);
        painter.fillRect(0, 0, W, H, BACKGROUND);
        painter.warpPointer(160, 100);
        painter.sync();
    }

    /** Core cursor font glyphs (X11/cursorfont.h). */
    static final int LEFT_PTR = 68;
    static final int CROSSHAIR = 34;

    static void setRootCursor(int glyph) {
        painter.setRootCursor(glyph);
    }

    static CaptureOptions options(CursorMode mode) {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11).cursor(mode);
    }

    static Frame next(ScreenCapture capture) {
        Frame frame = capture.acquire(2, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 2 s").isNotNull();
        return frame;
    }

    /** Something to make a frame: change tracking delivers frames when pixels change. */
    static void poke() {
        painter.fillRect(0, 0, 1, 1, (int) System.nanoTime() & 0xFFFFFF);
        painter.sync();
    }

    @Test
    void warpedPointerPositionIsReportedInFrameCoordinates() {
        try (ScreenCapture capture = ScreenCapture.open(options(CursorMode.SEPARATE)
                .region(Region.of(100, 50, 200, 150)))) {
            next(capture).close();
            painter.warpPointer(130, 90);
            poke();
            painter.fillRect(150, 60, 4, 4, 0xFFFFFF);
            painter.sync();
            try (Frame frame = next(capture)) {
                assertThat(frame.cursorX()).isEqualTo(30);
                assertThat(frame.cursorY()).isEqualTo(40);
                assertThat(frame.cursorVisible()).isTrue();
            }
            painter.warpPointer(10, 10); // left of the region
            painter.fillRect(150, 60, 4, 4, 0x000000);
            painter.sync();
            try (Frame frame = next(capture)) {
                assertThat(frame.cursorX()).isEqualTo(-90);
                assertThat(frame.cursorVisible()).isFalse();
            }
        }
    }

    @Test
    void shapeIsReportedOnceWithItsPixelsAndAgainWhenItChanges() throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options(CursorMode.SEPARATE))) {
            int firstWidth;
            try (Frame frame = next(capture)) {
                assertThat(frame.cursorShapeChanged()).isTrue();
                firstWidth = frame.cursorWidth();
                assertThat(firstWidth).isPositive();
                assertThat(frame.cursorHeight()).isPositive();
                MemorySegment argb = frame.cursorPixels();
                assertThat(argb.byteSize()).isEqualTo(4L * frame.cursorWidth() * frame.cursorHeight());
                assertThat(argb.isReadOnly()).isTrue();
                assertThat(opaquePixels(argb)).isPositive();
                assertThat(frame.cursorHotspotX()).isBetween(0, frame.cursorWidth() - 1);
            }
            poke();
            try (Frame frame = next(capture)) {
                assertThat(frame.cursorShapeChanged()).isFalse();
                assertThat(frame.cursorWidth()).isEqualTo(firstWidth);
            }
            setRootCursor(CROSSHAIR);
            poke();
            try (Frame frame = next(capture)) {
                assertThat(frame.cursorShapeChanged()).isTrue();
                assertThat(opaquePixels(frame.cursorPixels())).isPositive();
            }
            poke();
            try (Frame frame = next(capture)) {
                assertThat(frame.cursorShapeChanged()).isFalse();
            }
        }
    }

    static int opaquePixels(MemorySegment argb) {
        int n = 0;
        for (long i = 0; i < argb.byteSize(); i += 4) {
            if ((argb.get(PIXEL, i) >>> 24) == 0xFF) {
                n++;
            }
        }
        return n;
    }

    @Test
    void noCursorModeReportsNoCursor() {
        try (ScreenCapture capture = ScreenCapture.open(options(CursorMode.NONE)); Frame frame = next(capture)) {
            assertThat(frame.cursorVisible()).isFalse();
            assertThat(frame.cursorWidth()).isZero();
            assertThat(frame.cursorShapeChanged()).isFalse();
        }
    }

    @Test
    void compositedCursorIsDrawnAtItsPlaceAndUndoneWhenItMoves() {
        try (ScreenCapture capture = ScreenCapture.open(options(CursorMode.COMPOSITED))) {
            int left, top, cw, ch;
            try (Frame frame = next(capture)) {
                left = frame.cursorX() - frame.cursorHotspotX();
                top = frame.cursorY() - frame.cursorHotspotY();
                cw = frame.cursorWidth();
                ch = frame.cursorHeight();
                assertCursorBlended(frame, left, top);
            }
            painter.warpPointer(40, 40);
            poke();
            try (Frame frame = next(capture)) {
                // where the cursor was: background again, and reported dirty
                boolean oldAreaDirty = false;
                for (int i = 0; i < frame.dirtyRectCount(); i++) {
                    oldAreaDirty |= frame.dirtyRectX(i) <= left && frame.dirtyRectY(i) <= top
                            && frame.dirtyRectX(i) + frame.dirtyRectWidth(i) >= left + cw
                            && frame.dirtyRectY(i) + frame.dirtyRectHeight(i) >= top + ch;
                }
                assertThat(oldAreaDirty).as("old cursor rect reported dirty").isTrue();
                for (int y = top; y < top + ch; y++) {
                    for (int x = left; x < left + cw; x++) {
                        assertThat(pixel(frame, x, y)).as("(%d,%d) restored", x, y).isEqualTo(BACKGROUND);
                    }
                }
                assertCursorBlended(frame, frame.cursorX() - frame.cursorHotspotX(),
                        frame.cursorY() - frame.cursorHotspotY());
            }
        }
    }

    static int pixel(Frame frame, int x, int y) {
        return frame.pixels().get(PIXEL, (long) y * frame.stride() + 4L * x) & 0xFFFFFF;
    }

    /** Opaque cursor pixels show the cursor's colour, transparent ones the background. */
    static void assertCursorBlended(Frame frame, int left, int top) {
        MemorySegment argb = frame.cursorPixels();
        int opaque = 0;
        for (int cy = 0; cy < frame.cursorHeight(); cy++) {
            for (int cx = 0; cx < frame.cursorWidth(); cx++) {
                int x = left + cx, y = top + cy;
                if (x < 0 || y < 0 || x >= W || y >= H) {
                    continue;
                }
                int c = argb.get(PIXEL, 4L * (cy * frame.cursorWidth() + cx));
                int a = c >>> 24;
                if (a == 0xFF) {
                    assertThat(pixel(frame, x, y)).isEqualTo(c & 0xFFFFFF);
                    opaque++;
                } else if (a == 0) {
                    assertThat(pixel(frame, x, y)).isEqualTo(BACKGROUND);
                }
            }
        }
        assertThat(opaque).isPositive();
    }
}
