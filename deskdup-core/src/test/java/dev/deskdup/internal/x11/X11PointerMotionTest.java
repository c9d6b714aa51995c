package dev.deskdup.internal.x11;

import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.x11.WindowFixture.next;
import static dev.deskdup.internal.x11.WindowFixture.pixel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pointer moving over an idle screen makes frames whose only change is the cursor (XInput 2 motion), only when a
 * cursor mode asks for the cursor; and the cursor of a captured window is relative to it and clipped to it.
 */
@WithXvfb(width = 320, height = 200)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class X11PointerMotionTest {

    static final int BACKGROUND = 0x336699;
    /** Core cursor font: left_ptr. */
    static final int LEFT_PTR = 68;

    private final WindowFixture fx;

    X11PointerMotionTest(VirtualDisplay xvfb, X11Painter painter) {
        this.fx = new WindowFixture(xvfb, painter);
    }

    @BeforeEach
    void idleScreen() {
        fx.painter.setRootCursor(LEFT_PTR);
        fx.painter.fillRect(0, 0, 320, 200, BACKGROUND);
        fx.painter.movePointer(10, 10);
        fx.painter.sync();
    }

    @AfterEach
    void destroyWindows() {
        fx.close();
    }

    @Test
    void pointerMotionAloneMakesCursorOnlyFramesWithoutCopyingPixelsInSeparateMode() {
        try (ScreenCapture capture = ScreenCapture.open(fx.options().cursor(CursorMode.SEPARATE))) {
            assertThat(capture.info().features()).contains(Feature.on("pointer-motion",
                    "XInput 2: a pointer move alone makes a frame"));
            next(capture).close();
            for (int i = 0; i < capture.info().slots(); i++) { // every slot catches up once on the first frame
                fx.painter.movePointer(20 + i, 20);
                fx.painter.sync();
                next(capture).close();
            }
            long bytes = capture.bytesCopied();
            for (int i = 0; i < 20; i++) {
                int x = 40 + 11 * i;
                int y = 30 + 7 * i;
                fx.painter.movePointer(x, y); // as a mouse (XTEST) moves it: raw device motion
                fx.painter.sync();
                try (Frame f = next(capture)) {
                    assertThat(f.dirtyRectCount()).as("frame %d: nothing changed but the cursor", i).isZero();
                    assertThat(f.cursorVisible()).isTrue();
                    assertThat(f.cursorX() * 1000 + f.cursorY()).as("frame %d cursor", i).isEqualTo(x * 1000 + y);
                }
            }
            assertThat(capture.bytesCopied()).as("pixel bytes copied for cursor-only frames").isEqualTo(bytes);
        }
    }

    @Test
    void aWarpedPointerMakesAFrameToo() {
        try (ScreenCapture capture = ScreenCapture.open(fx.options().cursor(CursorMode.SEPARATE))) {
            next(capture).close();
            fx.painter.warpPointer(123, 45); // XWarpPointer: no raw event, but core motion reaching the root
            fx.painter.sync();
            try (Frame f = next(capture)) {
                assertThat(f.dirtyRectCount()).isZero();
                assertThat(f.cursorX() * 1000 + f.cursorY()).isEqualTo(123 * 1000 + 45);
            }
        }
    }

    @Test
    void pointerMotionInCompositedModeDirtiesTheOldAndNewCursorRectangles() {
        try (ScreenCapture capture = ScreenCapture.open(fx.options().cursor(CursorMode.COMPOSITED).slots(1))) {
            try (Frame f = next(capture)) {
                assertThat(f.pixels()).isNotNull();
            }
            fx.painter.movePointer(200, 150);
            fx.painter.sync();
            long bytes = capture.bytesCopied();
            int w;
            int h;
            try (Frame f = next(capture)) {
                w = f.cursorWidth();
                h = f.cursorHeight();
                assertThat(f.dirtyRectCount()).isEqualTo(2);
                int[] rects = new int[8];
                f.copyDirtyRects(rects);
                int hx = f.cursorHotspotX();
                int hy = f.cursorHotspotY();
                assertThat(rects).containsExactly(10 - hx, 10 - hy, w, h, 200 - hx, 150 - hy, w, h);
                assertThat(pixel(f, 10 - hx + w / 2, 10 - hy + h / 2)).as("the old place, cursor gone")
                        .isEqualTo(BACKGROUND);
            }
            // the old rectangle fetched again from the server (cursor-free), the new one blended
            assertThat(capture.bytesCopied() - bytes).isEqualTo(2L * 4 * w * h);
        }
    }

    @Test
    void withoutACursorModePointerMotionMakesNoFrame() {
        try (ScreenCapture capture = ScreenCapture.open(fx.options().cursor(CursorMode.NONE))) {
            assertThat(capture.info().features()).anySatisfy(f -> {
                assertThat(f.name()).isEqualTo("pointer-motion");
                assertThat(f.available()).isFalse();
            });
            next(capture).close();
            fx.painter.movePointer(100, 100);
            fx.painter.sync();
            assertThat(capture.acquire(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aWindowsCursorIsRelativeToTheWindowAndClippedToIt() {
        TestWindow a = fx.window(50, 40, 100, 60, 0x102030);
        try (ScreenCapture separate = ScreenCapture.open(fx.options().window(a.id()).cursor(CursorMode.SEPARATE))) {
            next(separate).close();
            fx.painter.movePointer(50 + 30, 40 + 20);
            fx.painter.sync();
            try (Frame f = next(separate)) {
                assertThat(f.cursorVisible()).isTrue();
                assertThat(f.cursorX() * 1000 + f.cursorY()).isEqualTo(30 * 1000 + 20);
            }
            a.moveTo(60, 60).sync(); // the window moves under the pointer: the pointer is now at (20, 0) in it
            fx.painter.movePointer(60 + 20, 60 + 1);
            fx.painter.sync();
            try (Frame f = next(separate)) {
                assertThat(f.cursorX() * 1000 + f.cursorY()).isEqualTo(20 * 1000 + 1);
            }
            fx.painter.movePointer(300, 190); // outside the window
            fx.painter.sync();
            try (Frame f = next(separate)) {
                assertThat(f.cursorVisible()).isFalse();
                assertThat(f.dirtyRectCount()).isZero();
            }
            fx.painter.movePointer(310, 195); // still outside: nothing to show, no frame
            fx.painter.sync();
            assertThat(separate.acquire(300, TimeUnit.MILLISECONDS)).isNull();
        }
        try (ScreenCapture composited = ScreenCapture.open(fx.options().window(a.id())
                .cursor(CursorMode.COMPOSITED))) {
            fx.painter.movePointer(60 + 98, 60 + 30); // the cursor image reaches past the right edge
            fx.painter.sync();
            try (Frame f = next(composited)) {
                assertThat(f.width()).isEqualTo(100);
                assertThat(pixel(f, 98, 30)).as("the cursor drawn where it is over the window")
                        .isNotEqualTo(0x102030);
            }
        }
    }
}
