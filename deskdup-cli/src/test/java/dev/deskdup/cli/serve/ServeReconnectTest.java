package dev.deskdup.cli.serve;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The page reconnects by itself when the server goes away and comes back, and shows the screen as it is then. */
@Timeout(120)
class ServeReconnectTest {

    @Test
    void pageReconnectsAfterTheServerRestartsAndShowsTheNewScreen() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240);
             Browser browser = Browser.start()) {
            AccessToken token = AccessToken.generate();
            Cli.paint(xvfb, 0, 0, 320, 240, 0x204080);
            StringWriter log = new StringWriter();
            int port;
            long drawnBefore;
            try (LiveServer first = Screens.serve(xvfb, ServeConfig.loopback(0, token), log)) {
                port = first.port();
                browser.call("open", "name", "p", "url", first.url());
                browser.call("waitConnects", "name", "p", "connects", 1, "timeoutMs", 15000);
                browser.call("waitDrawn", "name", "p", "updates", 1, "timeoutMs", 15000);
                browser.call("waitQuiet", "name", "p", "quietMs", 300, "timeoutMs", 15000);
                drawnBefore = Browser.number(browser.call("state", "name", "p"), "updates");
            }
            Cli.paint(xvfb, 0, 0, 320, 240, 0xc03010);   // changed while nobody served it
            Thread.sleep(500);                                        // the page is retrying meanwhile
            try (LiveServer second = Screens.serve(xvfb, ServeConfig.loopback(port, token), log)) {
                Map<String, Object> connected = browser.call("waitConnects", "name", "p", "connects", 2,
                        "timeoutMs", 20000);
                assertThat(Browser.number(connected, "connects")).isGreaterThanOrEqualTo(2);
                // The new server's first update (the whole screen), then nothing more to come.
                browser.call("waitDrawn", "name", "p", "updates", drawnBefore + 1, "timeoutMs", 15000);
                browser.call("waitQuiet", "name", "p", "quietMs", 300, "timeoutMs", 15000);
                int[] canvas = dump(browser);
                assertThat(canvas[120 * 320 + 160]).isEqualTo(0xc03010);
                browser.call("screenshot", "name", "p", "path",
                        Browser.ARTIFACTS.resolve("reconnected-page.png").toString());
            }
        }
    }

    private static int[] dump(Browser browser) throws Exception {
        java.nio.file.Path file = Browser.ARTIFACTS.resolve("reconnect.rgba");
        browser.call("pixels", "name", "p", "path", file.toString());
        return Screens.canvas(file, 320, 240);
    }
}
