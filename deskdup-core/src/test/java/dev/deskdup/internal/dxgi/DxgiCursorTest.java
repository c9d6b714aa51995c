package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.dxgi.DxgiFixture.dirty;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pointer through {@code Frame}'s cursor accessors, as on X11: position = hotspot in frame coordinates (DXGI
 * reports the shape's top-left), visible only while shown and inside the frame, shapes as premultiplied BGRA
 * (monochrome and masked-colour converted); COMPOSITED draws it into the pixels, monochrome and masked shapes
 * with their exact AND/XOR masks. Expected pixels are computed here from the masks, not by the code under test.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DxgiCursorTest {

    final DxgiFixture fx = new DxgiFixture(320, 240);
    final FakeWorld world = fx.world;

    @AfterEach
    void checkProtocolAndReferences() {
        fx.close();
    }

    static FakeEvent.Image image(int x, int y, FakeEvent.Pointer pointer) {
        return new FakeEvent.Image(List.<int[]>of(new int[] {x, y, 8, 8}), pointer);
    }

    static int[] argbOf(Frame f) {
        int[] out = new int[f.cursorWidth() * f.cursorHeight()];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.cursorPixels().get(JAVA_INT, 4L * i);
        }
        return out;
    }

    /** A 4x4 colour arrow: opaque red, transparent, half-transparent blue (straight alpha), opaque white. */
    static FakeShape colorShape() {
        int[] p = new int[16];
        for (int i = 0; i < 16; i++) {
            p[i] = switch (i % 4) {
                case 0 -> 0xFFFF0000;
                case 1 -> 0x00123456;
                case 2 -> 0x800000FF;
                default -> 0xFFFFFFFF;
            };
        }
        return FakeShape.color(4, 4, 1, 2, p);
    }

    @Test
    void separateCursorIsTheHotspotInFrameCoordinatesWithAPremultipliedShape() {
        fx.open(CaptureOptions.defaults().cursor(CursorMode.SEPARATE).region(Region.of(10, 20, 200, 150)));
        world.script.add(image(0, 0, FakeEvent.Pointer.at(50, 60, colorShape())));
        try (Frame f = fx.acquire()) {
            assertThat(f.cursorX()).isEqualTo(50 + 1 - 10);
            assertThat(f.cursorY()).isEqualTo(60 + 2 - 20);
            assertThat(f.cursorVisible()).isTrue();
            assertThat(f.cursorShapeChanged()).isTrue();
            assertThat(f.cursorWidth()).isEqualTo(4);
            assertThat(f.cursorHeight()).isEqualTo(4);
            assertThat(f.cursorHotspotX()).isEqualTo(1);
            assertThat(f.cursorHotspotY()).isEqualTo(2);
            assertThat(f.cursorPixels().isReadOnly()).isTrue();
            assertThat(argbOf(f)).startsWith(0xFFFF0000, 0, 0x80000080, 0xFFFFFFFF);
            fx.assertShowsDesktop(f, 10, 20); // SEPARATE: not drawn into the pixels
        }
        world.script.add(image(30, 30, null));
        try (Frame f = fx.acquire()) {
            assertThat(f.cursorX()).isEqualTo(41);
            assertThat(f.cursorShapeChanged()).isFalse();
            assertThat(f.cursorWidth()).isEqualTo(4);
        }
    }

    @Test
    void theCursorIsVisibleOnlyWhenShownAndInsideTheFrameAndKeepsItsLastValidPosition() {
        fx.open(CaptureOptions.defaults().cursor(CursorMode.SEPARATE).region(Region.of(0, 0, 100, 100)));
        world.script.add(image(0, 0, FakeEvent.Pointer.at(150, 20, colorShape())));
        try (Frame f = fx.acquire()) {
            assertThat(f.cursorX()).isEqualTo(151);
            assertThat(f.cursorVisible()).as("hotspot outside the region").isFalse();
        }
        world.script.add(image(8, 8, FakeEvent.Pointer.at(40, 40)));
        world.script.add(image(16, 16, FakeEvent.Pointer.hidden()));
        fx.acquire().close();
        try (Frame f = fx.acquire()) {
            assertThat(f.cursorVisible()).as("hidden").isFalse();
            assertThat(f.cursorX()).as("the last valid position, not the invalid field").isEqualTo(41);
            assertThat(f.cursorY()).isEqualTo(42);
        }
    }

    @Test
    void monochromeShapesBecomeBgraAndAreCompositedWithTheirMasks() {
        // 8x1: AND/XOR = 00 black, 01 white, 10 transparent, 11 invert, twice
        boolean[] and = {false, false, true, true, false, false, true, true};
        boolean[] xor = {false, true, false, true, false, true, false, true};
        FakeShape mono = FakeShape.mono(8, 1, 0, 0, and, xor);
        fx.open(CaptureOptions.defaults().cursor(CursorMode.COMPOSITED));
        int[] under = new int[8];
        for (int i = 0; i < 8; i++) {
            under[i] = world.desktopPixel(20 + i, 30);
        }
        world.script.add(image(0, 0, FakeEvent.Pointer.at(20, 30, mono)));
        try (Frame f = fx.acquire()) {
            assertThat(f.cursorWidth()).isEqualTo(8);
            assertThat(f.cursorHeight()).as("the buffer holds two masks").isEqualTo(1);
            assertThat(argbOf(f)).containsExactly(0xFF000000, 0xFFFFFFFF, 0, 0xFF000000, 0xFF000000, 0xFFFFFFFF, 0,
                    0xFF000000);
            for (int i = 0; i < 8; i++) {
                int want = (under[i] & (and[i] ? 0xFFFFFFFF : 0xFF000000)) ^ (xor[i] ? 0xFFFFFF : 0);
                assertThat(pixel(f, 20 + i, 30)).as("pixel %d", i).isEqualTo(want);
            }
            assertThat(pixel(f, 19, 30)).isEqualTo(world.desktopPixel(19, 30));
        }
    }

    @Test
    void maskedColorShapesReplaceOrXorTheScreen() {
        int[] p = {0x00123456, 0xFF000000, 0xFFFFFFFF, 0xFF0000FF};
        FakeShape masked = FakeShape.masked(4, 1, 0, 0, p);
        fx.open(CaptureOptions.defaults().cursor(CursorMode.COMPOSITED));
        int[] under = new int[4];
        for (int i = 0; i < 4; i++) {
            under[i] = world.desktopPixel(100 + i, 50);
        }
        world.script.add(image(0, 0, FakeEvent.Pointer.at(100, 50, masked)));
        try (Frame f = fx.acquire()) {
            assertThat(argbOf(f)).containsExactly(0xFF123456, 0, 0xFF000000, 0xFF000000);
            assertThat(pixel(f, 100, 50)).isEqualTo((under[0] & 0xFF000000) | 0x123456);
            assertThat(pixel(f, 101, 50)).isEqualTo(under[1]);
            assertThat(pixel(f, 102, 50)).isEqualTo(under[2] ^ 0xFFFFFF);
            assertThat(pixel(f, 103, 50)).isEqualTo(under[3] ^ 0x0000FF);
        }
    }

    @Test
    void aCompositedCursorIsUndoneInEverySlotWhenItMoves() {
        fx.open(CaptureOptions.defaults().cursor(CursorMode.COMPOSITED).slots(2));
        world.script.add(image(0, 0, FakeEvent.Pointer.at(40, 40, colorShape())));
        Frame first = fx.acquire();
        assertThat(pixel(first, 40, 40)).isEqualTo(0xFFFF0000);
        world.script.add(new FakeEvent.PointerOnly(FakeEvent.Pointer.at(100, 120)));
        try (Frame second = fx.acquire()) { // a pointer-only update, delivered because the cursor is tracked
            assertThat(second.dirtyRectCount()).isEqualTo(2);
            assertThat(List.of(dirty(second, 0), dirty(second, 1))).containsExactlyInAnyOrder("40,40,4,4",
                    "100,120,4,4");
            assertShowsDesktopWithColorShape(second, 100, 120);
        }
        first.close();
        world.script.add(new FakeEvent.PointerOnly(FakeEvent.Pointer.at(200, 10)));
        try (Frame third = fx.acquire()) { // the first slot again: its old cursor at 40,40 must be gone
            assertShowsDesktopWithColorShape(third, 200, 10);
        }
    }

    @Test
    void pointerOnlyUpdatesDeliverAFrameWhenTheCursorIsTrackedAndNoneOtherwise() {
        fx.open(CaptureOptions.defaults().cursor(CursorMode.SEPARATE));
        world.script.add(image(0, 0, FakeEvent.Pointer.at(10, 10, colorShape())));
        fx.acquire().close();
        long bytes = fx.capture.bytesCopied();
        world.script.add(new FakeEvent.PointerOnly(FakeEvent.Pointer.at(70, 80)));
        try (Frame f = fx.acquire()) {
            assertThat(f.dirtyRectCount()).isZero();
            assertThat(f.cursorX()).isEqualTo(71);
            assertThat(fx.capture.bytesCopied()).as("no pixel copied").isEqualTo(bytes);
        }
        fx.capture.close();
        fx.open(CaptureOptions.defaults());
        world.script.add(new FakeEvent.PointerOnly(FakeEvent.Pointer.at(5, 6, colorShape())));
        assertThat(fx.capture.acquire(50, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void theCursorOfARotatedOutputIsInTheUprightFrame() {
        world.resize(320, 240, DxgiRotation.DXGI_MODE_ROTATION_ROTATE90, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        fx.open(CaptureOptions.defaults().cursor(CursorMode.COMPOSITED));
        world.script.add(image(0, 0, FakeEvent.Pointer.at(100, 300, colorShape())));
        try (Frame f = fx.acquire()) {
            assertThat(f.width()).isEqualTo(240);
            assertThat(f.cursorX()).isEqualTo(101);
            assertThat(f.cursorY()).isEqualTo(302);
            assertShowsDesktopWithColorShape(f, 100, 300);
        }
    }

    static int pixel(Frame f, int x, int y) {
        return f.pixels().get(JAVA_INT, (long) y * f.stride() + 4L * x);
    }

    /** The frame is the desktop with {@link #colorShape()} drawn at (left, top). */
    void assertShowsDesktopWithColorShape(Frame f, int left, int top) {
        for (int y = 0; y < f.height(); y++) {
            for (int x = 0; x < f.width(); x++) {
                int want = world.desktopPixel(x, y);
                int cx = x - left;
                int cy = y - top;
                if (cx >= 0 && cy >= 0 && cx < 4 && cy < 4) {
                    want = switch (cx) {
                        case 0 -> (want & 0xFF000000) | 0xFF0000;
                        case 1 -> want;
                        case 2 -> over(0x80000080, want);
                        default -> (want & 0xFF000000) | 0xFFFFFF;
                    };
                }
                assertThat(pixel(f, x, y)).as("pixel %d,%d", x, y).isEqualTo(want);
            }
        }
    }

    private static int over(int s, int d) {
        int inv = 255 - (s >>> 24);
        int b = (s & 0xFF) + ((d & 0xFF) * inv + 127) / 255;
        int g = ((s >>> 8) & 0xFF) + (((d >>> 8) & 0xFF) * inv + 127) / 255;
        int r = ((s >>> 16) & 0xFF) + (((d >>> 16) & 0xFF) * inv + 127) / 255;
        return (d & 0xFF000000) | (r << 16) | (g << 8) | b;
    }
}
