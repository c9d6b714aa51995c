package dev.deskdup.cli.serve;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Which {@code Host} and {@code Origin} headers are ours. The WebSocket accepts a page only from the origin that
 * served it (or one given with {@code --allow-origin}, e.g. a TLS proxy in front): a page of another site that
 * somehow knew the token still cannot watch (cross-site WebSocket hijacking). On a loopback address the Host must
 * name loopback too, so a DNS-rebinding site (evil.example resolving to 127.0.0.1) is refused before the token is
 * even looked at.
 */
final class OriginPolicy {

    private final boolean loopbackOnly;
    private final List<String> extraOrigins;

    OriginPolicy(String bind, List<String> extraOrigins) {
        this.loopbackOnly = isLoopback(bind);
        this.extraOrigins = extraOrigins.stream().map(OriginPolicy::normalise).toList();
    }

    /** Whether a request with this Host header may be answered at all. */
    boolean hostAllowed(String host) {
        if (!loopbackOnly) {
            return true;   // any name may point at a public address; the token is what protects it
        }
        if (host == null) {
            return false;
        }
        String name = hostName(host.toLowerCase(Locale.ROOT));
        return name.equals("localhost") || name.equals("[::1]") || name.startsWith("127.");
    }

    /** Whether a browser page of {@code origin} may open the WebSocket of a request to {@code host}. */
    boolean originAllowed(String origin, String host, boolean secure) {
        if (origin == null) {
            return true;   // not a browser (browsers always send Origin); the token still decides
        }
        String o = normalise(origin);
        if (host != null && o.equals((secure ? "https://" : "http://") + host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        return extraOrigins.contains(o);
    }

    private static String hostName(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end > 0 ? hostAndPort.substring(0, end + 1) : hostAndPort;
        }
        int colon = hostAndPort.lastIndexOf(':');
        return colon > 0 ? hostAndPort.substring(0, colon) : hostAndPort;
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }

    static boolean isLoopback(String bind) {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
