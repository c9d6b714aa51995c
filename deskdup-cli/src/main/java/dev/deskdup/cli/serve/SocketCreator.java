package dev.deskdup.cli.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;

import java.util.List;

/**
 * Decides each WebSocket upgrade. The page offers two subprotocols: {@code deskdup.v1} (accepted, echoed) and
 * {@code deskdup.token.<token>} (checked, never echoed), so the token is not in the WebSocket's URL; {@code ?token=}
 * works too, for tools. No permessage-deflate: updates are compressed already, and deflating JPEG again only costs
 * CPU. A bad token or a foreign Origin gets a socket that closes at once with 1008 and the reason.
 */
final class SocketCreator implements WebSocketCreator {

    static final String PROTOCOL = "deskdup.v1";
    static final String TOKEN_PROTOCOL_PREFIX = "deskdup.token.";

    private final AccessToken token;
    private final OriginPolicy origins;
    private final ViewerRegistry registry;
    private final ServeLog log;

    SocketCreator(AccessToken token, OriginPolicy origins, ViewerRegistry registry, ServeLog log) {
        this.token = token;
        this.origins = origins;
        this.registry = registry;
        this.log = log;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        response.setExtensions(List.of());
        if (request.hasSubProtocol(PROTOCOL)) {
            response.setAcceptedSubProtocol(PROTOCOL);
        }
        String presented = null;
        for (String p : request.getSubProtocols()) {
            if (p.startsWith(TOKEN_PROTOCOL_PREFIX)) {
                presented = p.substring(TOKEN_PROTOCOL_PREFIX.length());
            }
        }
        if (presented == null) {
            presented = AccessGuard.presentedToken(request);
        }
        String remote = String.valueOf(request.getConnectionMetaData().getRemoteSocketAddress());
        if (!token.matches(presented)) {
            log.info("WebSocket from " + remote + " refused: " + (presented == null ? "no" : "wrong") + " token");
            return new RejectedSocket("token required: open the URL that deskdup serve printed");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.originAllowed(origin, AccessGuard.host(request), request.isSecure())) {
            log.info("WebSocket from " + remote + " refused: foreign Origin " + origin);
            return new RejectedSocket("origin not allowed: " + origin);
        }
        return new ViewerSocket(registry, log);
    }
}
