package dev.deskdup.cli.serve;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The screen is private: no token, no page, no WebSocket, no status; a foreign page cannot watch even with it. */
@Timeout(120)
class ServeSecurityTest {

    private static VirtualDisplay xvfb;
    private static Browser browser;
    private static LiveServer server;
    private static final StringWriter LOG = new StringWriter();
    private static final AccessToken TOKEN = AccessToken.generate();

    @BeforeAll
    static void start() throws Exception {
        xvfb = VirtualDisplay.start(320, 240);
        browser = Browser.start();
        server = Screens.serve(xvfb, ServeConfig.loopback(0, TOKEN), LOG);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (browser != null) {
            browser.close();
        }
        if (xvfb != null) {
            xvfb.close();
        }
    }

    private static String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void pageWithoutOrWithAWrongTokenIs401() throws Exception {
        assertThat(browser.call("open", "name", "none", "url", base() + "/").get("status")).isEqualTo(401L);
        assertThat(browser.call("open", "name", "wrong", "url", base() + "/?token=" + "x".repeat(43))
                .get("status")).isEqualTo(401L);
        browser.call("close", "name", "none");
        browser.call("close", "name", "wrong");
    }

    @Test
    void webSocketWithAWrongTokenIsClosedWith1008AndGetsNothing() throws Exception {
        browser.call("open", "name", "ws-wrong", "url", server.url());
        Map<String, Object> probe = browser.call("wsProbe", "name", "ws-wrong", "url",
                "ws://127.0.0.1:" + server.port() + "/ws",
                "protocols", List.of("deskdup.v1", "deskdup.token.wrong-token-of-right-length-xxxxxxxxxx"));
        assertThat(probe.get("code")).isEqualTo(1008L);
        assertThat(probe.get("messages")).isEqualTo(0L);
        Map<String, Object> noToken = browser.call("wsProbe", "name", "ws-wrong", "url",
                "ws://127.0.0.1:" + server.port() + "/ws", "protocols", List.of("deskdup.v1"));
        assertThat(noToken.get("code")).isEqualTo(1008L);
        browser.call("close", "name", "ws-wrong");
    }

    @Test
    void pageOfAnotherOriginIsClosedWith1008EvenWithTheToken() throws Exception {
        browser.call("foreign", "name", "evil");
        Map<String, Object> probe = browser.call("wsProbe", "name", "evil", "url",
                "ws://127.0.0.1:" + server.port() + "/ws",
                "protocols", List.of("deskdup.v1", "deskdup.token." + TOKEN.reveal()));
        assertThat(probe.get("code")).isEqualTo(1008L);
        assertThat((String) probe.get("reason")).contains("origin");
        assertThat(probe.get("messages")).isEqualTo(0L);
        browser.call("close", "name", "evil");
    }

    @Test
    void statusNeedsTheTokenAndCountsViewers() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> without = http.send(HttpRequest.newBuilder(URI.create(base() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(without.statusCode()).isEqualTo(401);
        browser.call("open", "name", "watcher", "url", server.url());
        browser.call("waitDrawn", "name", "watcher", "updates", 1, "timeoutMs", 15000);
        HttpResponse<String> with = http.send(HttpRequest.newBuilder(URI.create(base() + "/status"))
                .header("Authorization", "Bearer " + TOKEN.reveal()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).contains("\"viewers\":1").contains("\"lagMs\"").contains("\"fps\"");
        browser.call("close", "name", "watcher");
    }

    @Test
    void theTokenNeverAppearsInTheServersLog() throws Exception {
        browser.call("open", "name", "logged", "url", server.url());
        browser.call("waitDrawn", "name", "logged", "updates", 1, "timeoutMs", 15000);
        browser.call("close", "name", "logged");
        assertThat(LOG.toString()).contains("connected").doesNotContain(TOKEN.reveal());
    }
}
