package dev.deskdup.cli.serve;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A viewer on a trickle of bandwidth skips ahead and does not slow a normal viewer next to it. */
@Timeout(180)
class ServeSlowViewerTest {

    private static final int W = 640;
    private static final int H = 480;
    private static final long MEASURE_MS = 4000;

    @Test
    void normalViewerKeepsItsRateWhileAThrottledOneTrickles() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(W, H);
             Browser browser = Browser.start()) {
            StringWriter log = new StringWriter();
            AtomicBoolean animating = new AtomicBoolean(true);
            Thread animation = new Thread(() -> animate(xvfb, animating), "test-animation");
            try (LiveServer server = Screens.serve(xvfb,
                    ServeConfig.loopback(0, AccessToken.generate()), log)) {
                animation.start();
                browser.call("open", "name", "normal", "url", server.url());
                browser.call("waitDrawn", "name", "normal", "updates", 5, "timeoutMs", 15000);
                double alone = rate(browser, "normal");

                // 20 kB/s: a 640×480 photographic update (~60 kB) takes seconds to get through.
                long proxyPort = Browser.number(browser.call("proxy", "target", "127.0.0.1:" + server.port(),
                        "bytesPerSecond", 20_000), "port");
                String slowUrl = server.url().replace(":" + server.port() + "/", ":" + proxyPort + "/");
                browser.call("open", "name", "slow", "url", slowUrl);
                browser.call("waitDrawn", "name", "slow", "updates", 1, "timeoutMs", 60000);
                double beside = rate(browser, "normal");
                double slow = rate(browser, "slow");

                assertThat(server.viewerCount()).isEqualTo(2);
                assertThat(beside).as("normal viewer's updates/s next to the slow one (alone: %.1f)", alone)
                        .isGreaterThan(alone * 0.6);
                assertThat(slow).as("slow viewer's updates/s (normal: %.1f)", beside).isLessThan(beside / 3);
                Map<String, Object> slowState = browser.call("state", "name", "slow");
                assertThat(Browser.number(slowState, "updates")).isGreaterThanOrEqualTo(1);
            } finally {
                animating.set(false);
                animation.join(5000);
            }
        }
    }

    /** Updates per second the page drew over {@link #MEASURE_MS}. */
    private static double rate(Browser browser, String page) throws Exception {
        long before = Browser.number(browser.call("state", "name", page), "updates");
        Thread.sleep(MEASURE_MS);
        long after = Browser.number(browser.call("state", "name", page), "updates");
        return (after - before) * 1000.0 / MEASURE_MS;
    }

    /** A photographic 200×150 patch moving and changing, about 60 times a second. */
    private static void animate(VirtualDisplay display, AtomicBoolean running) {
        int pw = 200;
        int ph = 150;
        int[][] patches = new int[4][];
        for (int i = 0; i < patches.length; i++) {
            patches[i] = Screens.photo(pw, ph, i);
        }
        try (X11Painter p = display.painter()) {
            for (int i = 0; running.get(); i++) {
                int x = (i * 7) % (W - pw);
                int y = (i * 3) % (H - ph);
                p.putImage(x, y, pw, ph, patches[i % patches.length]);
                p.sync();
                Thread.sleep(16);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
