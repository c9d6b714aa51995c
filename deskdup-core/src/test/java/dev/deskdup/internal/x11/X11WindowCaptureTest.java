package dev.deskdup.internal.x11;

import dev.deskdup.Frame;
import dev.deskdup.Region;
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

import static dev.deskdup.internal.x11.WindowFixture.awaitContent;
import static dev.deskdup.internal.x11.WindowFixture.filled;
import static dev.deskdup.internal.x11.WindowFixture.firstDifference;
import static dev.deskdup.internal.x11.WindowFixture.next;
import static dev.deskdup.internal.x11.WindowFixture.pixel;
import static dev.deskdup.internal.x11.WindowFixture.random;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One window captured through Composite on a real Xvfb (no window manager): its own pixels where another window
 * covers it, exact dirty rectangles, resize, move, border and decorations.
 */
@WithXvfb(width = 320, height = 240)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class X11WindowCaptureTest {

    static final int A_BACKGROUND = 0x102030;
    static final int B_BACKGROUND = 0xC0C0C0;

    private final WindowFixture fx;
    private TestWindow a;
    private TestWindow b;

    X11WindowCaptureTest(VirtualDisplay xvfb, X11Painter painter) {
        this.fx = new WindowFixture(xvfb, painter);
    }

    /** A at (20,30) 120×80; B above it at (60,50) 120×80, covering A's part from (40,20) to its corner. */
    @BeforeEach
    void twoOverlappingWindows() {
        fx.painter.fillRect(0, 0, 320, 240, 0x000000);
        a = fx.window(20, 30, 120, 80, A_BACKGROUND);
        b = fx.window(60, 50, 120, 80, B_BACKGROUND);
    }

    @AfterEach
    void destroyWindows() {
        fx.close();
    }

    @Test
    void theCoveredPartOfAWindowIsCapturedWithItsOwnPixels() {
        int[] image = random(120 * 80, 1);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()))) {
            assertThat(capture.width()).isEqualTo(120);
            assertThat(capture.height()).isEqualTo(80);
            next(capture).close();
            a.putImage(0, 0, 120, 80, image).sync();
            awaitContent(capture, image, 120, 80);
        }
        try (ScreenCapture screen = ScreenCapture.open(fx.options().region(Region.of(0, 0, 320, 240)));
             Frame f = next(screen)) {
            assertThat(pixel(f, 20 + 100, 30 + 70)).as("on screen, B covers that part of A").isEqualTo(B_BACKGROUND);
        }
    }

    @Test
    void drawingIntoTheCoveredPartGivesExactlyTheDrawnRectangle() {
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()).slots(1))) {
            next(capture).close();
            long before = capture.bytesCopied();
            a.fill(70, 40, 20, 10, 0xFF0000).sync(); // under B
            try (Frame f = next(capture)) {
                assertThat(f.dirtyRectCount()).isEqualTo(1);
                assertThat(new int[]{f.dirtyRectX(0), f.dirtyRectY(0), f.dirtyRectWidth(0), f.dirtyRectHeight(0)})
                        .containsExactly(70, 40, 20, 10);
                assertThat(pixel(f, 70, 40)).isEqualTo(0xFF0000);
                assertThat(pixel(f, 89, 49)).isEqualTo(0xFF0000);
                assertThat(pixel(f, 90, 50)).isEqualTo(A_BACKGROUND);
            }
            assertThat(capture.bytesCopied() - before).isEqualTo(20L * 10 * 4);
        }
    }

    @Test
    void aResizedWindowGivesAFrameAtTheNewSizeWithExactPixels() {
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()))) {
            next(capture).close();
            a.resize(200, 90).sync();
            try (Frame f = next(capture)) {
                assertThat(f.width()).isEqualTo(200);
                assertThat(f.height()).isEqualTo(90);
                assertThat(f.sizeChanged()).isTrue();
                assertThat(f.dirtyRectCount()).isEqualTo(1);
                assertThat(f.dirtyRectWidth(0) * 1000 + f.dirtyRectHeight(0)).isEqualTo(200 * 1000 + 90);
                // ForgetGravity (the default): the server repaints the whole window with its background
                assertThat(firstDifference(f, filled(200, 90, A_BACKGROUND), 200, 90)).isNull();
            }
            assertThat(capture.width()).isEqualTo(200);
            int[] image = random(200 * 90, 2);
            a.putImage(0, 0, 200, 90, image).sync();
            awaitContent(capture, image, 200, 90);
        }
    }

    @Test
    void aMovedWindowGivesNoFrameAndCopiesNothing() {
        int[] image = random(120 * 80, 3);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(a.id()).slots(1))) {
            next(capture).close();
            a.putImage(0, 0, 120, 80, image).sync(); // after the redirection: what B covered is kept from now on
            awaitContent(capture, image, 120, 80);
            WindowFixture.drain(capture); // the last band's damage may come after the frame that showed it
            long bytes = capture.bytesCopied();
            a.moveTo(150, 120).sync();
            a.moveTo(-30, 10).sync(); // partly off the screen: still the whole window
            Frame after = capture.acquire(300, TimeUnit.MILLISECONDS);
            if (after != null) {
                String what = after + " dirty=" + after.dirtyRectCount() + " first=" + after.dirtyRectX(0) + ","
                        + after.dirtyRectY(0) + "," + after.dirtyRectWidth(0) + "x" + after.dirtyRectHeight(0)
                        + " bytes=" + (capture.bytesCopied() - bytes);
                after.close();
                throw new AssertionError("a frame after a move: " + what);
            }
            assertThat(capture.bytesCopied()).isEqualTo(bytes);
            a.fill(0, 0, 4, 4, 0x00FF00).sync();
            try (Frame f = next(capture)) {
                assertThat(f.dirtyRectCount()).isEqualTo(1);
                assertThat(f.dirtyRectWidth(0) * f.dirtyRectHeight(0)).isEqualTo(16);
                for (int y = 0; y < 4; y++) {
                    for (int x = 0; x < 4; x++) {
                        image[y * 120 + x] = 0x00FF00;
                    }
                }
                assertThat(firstDifference(f, image, 120, 80)).as("the rest as before the move").isNull();
            }
            assertThat(capture.bytesCopied() - bytes).isEqualTo(16L * 4);
        }
    }

    @Test
    void aWindowsBorderIsLeftOutAndItsContentKeptInPlace() {
        TestWindow bordered = fx.unmapped(fx.painter.root(), 200, 20, 60, 40, 5, 0x405060).map();
        fx.painter.sync();
        int[] image = random(60 * 40, 4);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(bordered.id()).slots(1))) {
            next(capture).close();
            bordered.putImage(0, 0, 60, 40, image).sync();
            awaitContent(capture, image, 60, 40);
            bordered.fill(10, 12, 3, 2, 0xFFFFFF).sync();
            try (Frame f = next(capture)) {
                assertThat(new int[]{f.dirtyRectX(0), f.dirtyRectY(0), f.dirtyRectWidth(0), f.dirtyRectHeight(0)})
                        .containsExactly(10, 12, 3, 2);
                assertThat(pixel(f, 10, 12)).isEqualTo(0xFFFFFF);
                assertThat(pixel(f, 9, 12)).isEqualTo(image[12 * 60 + 9]);
            }
        }
    }

    @Test
    void aWindowWhoseFrameMovesGivesNoFrame() {
        TestWindow frame = fx.unmapped(fx.painter.root(), 180, 100, 130, 110, 0, 0x808000);
        TestWindow client = fx.unmapped(frame.id(), 5, 25, 120, 80, 0, 0x000080).wmState();
        client.map();
        frame.map().sync();
        int[] image = random(120 * 80, 6);
        try (ScreenCapture capture = ScreenCapture.open(fx.options().window(client.id()).slots(1))) {
            next(capture).close();
            client.putImage(0, 0, 120, 80, image).sync();
            awaitContent(capture, image, 120, 80);
            WindowFixture.drain(capture);
            long bytes = capture.bytesCopied();
            frame.moveTo(10, 10).sync();    // what a window manager does when the user drags the title bar
            frame.moveTo(150, 130).sync();  // partly off the screen
            assertThat(capture.acquire(300, TimeUnit.MILLISECONDS)).as("a frame after the frame moved").isNull();
            assertThat(capture.bytesCopied()).isEqualTo(bytes);
        }
    }

    @Test
    void decorationsCaptureTheFrameAroundTheApplicationsWindow() {
        // What a reparenting window manager makes: a frame (child of the root) holding the client, which has
        // WM_STATE.
        TestWindow frame = fx.unmapped(fx.painter.root(), 180, 100, 130, 110, 0, 0x808000);
        TestWindow client = fx.unmapped(frame.id(), 5, 25, 120, 80, 0, 0x000080).wmState().title("Managed");
        client.map();
        frame.map().sync();
        int[] image = random(120 * 80, 5);
        client.putImage(0, 0, 120, 80, image).sync();
        try (ScreenCapture decorated = ScreenCapture.open(fx.options().window(client.id()).windowDecorations(true));
             ScreenCapture plain = ScreenCapture.open(fx.options().windowTitle("Managed"))) {
            try (Frame f = next(decorated)) {
                assertThat(f.width() * 1000 + f.height()).isEqualTo(130 * 1000 + 110);
                assertThat(pixel(f, 2, 2)).as("the frame's own pixels").isEqualTo(0x808000);
                assertThat(pixel(f, 5 + 7, 25 + 9)).as("the client inside it").isEqualTo(image[9 * 120 + 7]);
            }
            assertThat(decorated.info().features()).anySatisfy(feature ->
                    assertThat(feature.detail()).contains(frame.idHex()).contains("frame of " + client.idHex()));
            try (Frame f = next(plain)) {
                assertThat(firstDifference(f, image, 120, 80)).isNull();
            }
        }
    }
}
