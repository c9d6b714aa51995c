package dev.deskdup.cli.serve;

import java.time.Duration;
import java.util.List;

/**
 * How {@code deskdup serve} listens and encodes.
 *
 * @param bind           address to listen on (127.0.0.1 unless asked otherwise)
 * @param port           TCP port; 0 picks a free one
 * @param token          what every request must present
 * @param allowedOrigins origins besides the served one whose pages may open the WebSocket (a TLS proxy in front)
 * @param policy         which encodings may be used
 * @param quality        JPEG quality, 1..100
 * @param maxViewers     viewers at once; more are refused (close 1013)
 * @param refresh        how often an idle screen's last frame is offered again, for viewers that became ready
 */
public record ServeConfig(String bind, int port, AccessToken token, List<String> allowedOrigins,
                          EncodingPolicy policy, int quality, int maxViewers, Duration refresh) {

    public ServeConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port=" + port + " is out of range (0 to 65535; 0 picks a free one)");
        }
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("jpeg-quality=" + quality + " is out of range (1 to 100, e.g. 80)");
        }
        if (maxViewers < 1) {
            throw new IllegalArgumentException("max-viewers=" + maxViewers + " must be at least 1");
        }
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh=" + refresh + " must be positive");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Loopback defaults: 127.0.0.1, a generated token, auto encoding at quality 80, 64 viewers, 50 ms refresh. */
    public static ServeConfig loopback(int port, AccessToken token) {
        return new ServeConfig("127.0.0.1", port, token, List.of(), EncodingPolicy.AUTO, 80, 64,
                Duration.ofMillis(50));
    }

    public ServeConfig withPolicy(EncodingPolicy p) {
        return new ServeConfig(bind, port, token, allowedOrigins, p, quality, maxViewers, refresh);
    }

    public ServeConfig withPort(int p) {
        return new ServeConfig(bind, p, token, allowedOrigins, policy, quality, maxViewers, refresh);
    }
}
