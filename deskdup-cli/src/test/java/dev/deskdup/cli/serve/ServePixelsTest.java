package dev.deskdup.cli.serve;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the browser's canvas shows is what the X screen shows: exactly when lossless, closely with JPEG. */
@Timeout(120)
class ServePixelsTest {

    private static final int W = 640;
    private static final int H = 480;
    private static VirtualDisplay xvfb;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        xvfb = VirtualDisplay.start(W, H);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @Test
    void losslessCanvasEqualsTheScreenPixelForPixelAfterChanges() throws Exception {
        Screens.drawUiScene(xvfb, W, H);
        StringWriter log = new StringWriter();
        try (LiveServer server = Screens.serve(xvfb,
                ServeConfig.loopback(0, AccessToken.generate()).withPolicy(EncodingPolicy.LOSSLESS), log)) {
            assertThat(browser.call("open", "name", "lossless", "url", server.url()).get("status")).isEqualTo(200L);
            browser.call("waitQuiet", "name", "lossless", "quietMs", 300, "timeoutMs", 15000);
            // Then changes: only rectangles travel now, and the canvas must still equal the screen.
            Screens.drawPhotoScene(xvfb, 100, 80, 3);   // a photographic corner, still lossless here
            Cli.paint(xvfb, 300, 300, 90, 50, 0xff8800);
            browser.call("waitQuiet", "name", "lossless", "quietMs", 400, "timeoutMs", 15000);

            int[] canvas = dump("lossless");
            int[] truth = Screens.truth(xvfb);
            Screens.savePng(canvas, W, H, Browser.ARTIFACTS.resolve("lossless-canvas.png"));
            browser.call("screenshot", "name", "lossless", "path",
                    Browser.ARTIFACTS.resolve("lossless-page.png").toString());
            assertThat(mismatches(canvas, truth)).as("pixels differing from the screen").isZero();
            browser.call("close", "name", "lossless");
        }
    }

    @Test
    void jpegCanvasIsWithinTheStatedToleranceOfTheScreen() throws Exception {
        Screens.drawPhotoScene(xvfb, W, H, 11);
        StringWriter log = new StringWriter();
        try (LiveServer server = Screens.serve(xvfb,
                ServeConfig.loopback(0, AccessToken.generate()).withPolicy(EncodingPolicy.JPEG), log)) {
            browser.call("open", "name", "jpeg", "url", server.url());
            browser.call("waitQuiet", "name", "jpeg", "quietMs", 300, "timeoutMs", 15000);
            int[] canvas = dump("jpeg");
            int[] truth = Screens.truth(xvfb);
            Screens.savePng(canvas, W, H, Browser.ARTIFACTS.resolve("jpeg-canvas.png"));
            browser.call("screenshot", "name", "jpeg", "path", Browser.ARTIFACTS.resolve("jpeg-page.png").toString());
            double[] error = error(canvas, truth);
            // JPEG at quality 80, 4:2:0, of a noisy photographic scene: mean error per channel at most 6 levels of 255
            // and 99% of channel values within 32 (what a viewer sees as the same picture).
            assertThat(error[0]).as("mean absolute error per channel").isLessThan(6.0);
            assertThat(error[1]).as("fraction of channel values off by more than 32").isLessThan(0.01);
            browser.call("close", "name", "jpeg");
        }
    }

    private static int[] dump(String page) throws Exception {
        Path file = Browser.ARTIFACTS.resolve(page + ".rgba");
        Map<String, Object> size = browser.call("pixels", "name", page, "path", file.toString());
        assertThat(Browser.number(size, "width")).isEqualTo(W);
        assertThat(Browser.number(size, "height")).isEqualTo(H);
        return Screens.canvas(file, W, H);
    }

    private static int mismatches(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }

    /** Mean absolute error per channel, and the fraction of channel values off by more than 32. */
    private static double[] error(int[] a, int[] b) {
        long sum = 0;
        long far = 0;
        for (int i = 0; i < a.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = Math.abs((a[i] >> shift & 0xFF) - (b[i] >> shift & 0xFF));
                sum += d;
                if (d > 32) {
                    far++;
                }
            }
        }
        return new double[]{sum / (3.0 * a.length), far / (3.0 * a.length)};
    }
}
