package dev.deskdup.cli.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * In front of everything: a Host that is not ours → 403 (DNS rebinding); no valid token → 401 (on loopback too:
 * every local user and every web page the user visits can reach 127.0.0.1). The token comes as {@code ?token=} (the
 * URL printed at start) or {@code Authorization: Bearer}. The WebSocket path is let through to its creator, which
 * takes the token from the subprotocol as well and closes with 1008 itself. Sets the headers that keep the screen
 * out of caches, referrers and other sites' frames on every answer.
 */
final class AccessGuard extends Handler.Wrapper {

    static final String WEBSOCKET_PATH = "/ws";

    private final AccessToken token;
    private final OriginPolicy origins;

    AccessGuard(AccessToken token, OriginPolicy origins, Handler next) {
        super(next);
        this.token = token;
        this.origins = origins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        var headers = response.getHeaders();
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        if (!origins.hostAllowed(host(request))) {
            return refuse(response, callback, HttpStatus.FORBIDDEN_403,
                    "403: this server answers only to a loopback Host (127.0.0.1, localhost)\n");
        }
        if (WEBSOCKET_PATH.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        if (!token.matches(presentedToken(request))) {
            headers.put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"deskdup\"");
            return refuse(response, callback, HttpStatus.UNAUTHORIZED_401,
                    "401: a valid token is required. Open the URL that 'deskdup serve' printed "
                            + "(http://HOST:PORT/?token=...).\n");
        }
        return super.handle(request, response, callback);
    }

    /** The token of {@code ?token=} or {@code Authorization: Bearer}, or null. */
    static String presentedToken(Request request) {
        String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return Request.extractQueryParameters(request).getValue("token");
    }

    /** The Host the client asked for, as {@code name[:port]}. */
    static String host(Request request) {
        String host = request.getHeaders().get(HttpHeader.HOST);
        if (host != null) {
            return host;
        }
        String authority = request.getHttpURI().getAuthority();
        return authority;
    }

    static boolean refuse(Response response, Callback callback, int status, String text) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, text, callback);
        return true;
    }
}
