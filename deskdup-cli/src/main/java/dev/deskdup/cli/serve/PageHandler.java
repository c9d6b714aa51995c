package dev.deskdup.cli.serve;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one page: {@code viewer.html} with {@code viewer.js} inlined into it at start (one request, so only the page
 * load carries the token in its URL), plus {@code GET /status} (JSON) for scripts. A Content-Security-Policy allows
 * exactly that script (by its hash), connections to this origin, and no framing.
 */
final class PageHandler extends Handler.Abstract.NonBlocking {

    private final byte[] page;
    private final String contentSecurityPolicy;
    private final StatusJson status;

    PageHandler(StatusJson status) {
        this.status = status;
        String script = resource("viewer.js");
        String html = resource("viewer.html");
        String marker = "<script id=\"viewer\"></script>";
        if (!html.contains(marker)) {
            throw new IllegalStateException("viewer.html lacks " + marker);
        }
        this.page = html.replace(marker, "<script id=\"viewer\">" + script + "</script>")
                .getBytes(StandardCharsets.UTF_8);
        this.contentSecurityPolicy = "default-src 'none'; script-src 'sha256-" + sha256(script) + "'; "
                + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' blob: data:; "
                + "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return AccessGuard.refuse(response, callback, HttpStatus.METHOD_NOT_ALLOWED_405, "405: GET only\n");
        }
        switch (path) {
            case "/", "/index.html" -> {
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
                response.getHeaders().put("Content-Security-Policy", contentSecurityPolicy);
                response.write(true, ByteBuffer.wrap(page), callback);
            }
            case "/status" -> {
                byte[] json = status.render().getBytes(StandardCharsets.UTF_8);
                response.setStatus(HttpStatus.OK_200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(json), callback);
            }
            default -> AccessGuard.refuse(response, callback, HttpStatus.NOT_FOUND_404,
                    "404: not found (the viewer is at /, the status at /status)\n");
        }
        return true;
    }

    private static String resource(String name) {
        try (InputStream in = PageHandler.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
