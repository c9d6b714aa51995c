package dev.deskdup.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where {@code record --publish URL} sends the live video: a media server people already run (nginx-rtmp, MediaMTX,
 * SRS, Wowza, YouTube/Twitch ingest), reached through ffmpeg. The URL's scheme picks the container ffmpeg muxes into
 * and the options live video needs.
 *
 * @param url      the URL as given (handed to ffmpeg, never printed)
 * @param scheme   lower-case scheme: rtmp, rtmps, rtsp, rtsps, srt, udp or tcp
 * @param muxer    ffmpeg's {@code -f} for it
 * @param options  output options for the protocol, before the URL
 */
record PublishTarget(String url, String scheme, String muxer, List<String> options) {

    /** The schemes, with the ffmpeg protocol each needs. */
    static final List<String> SCHEMES = List.of("rtmp", "rtmps", "rtsp", "rtsps", "srt", "udp", "tcp");

    /**
     * Parses a publish URL.
     *
     * @throws IllegalArgumentException naming the scheme (never the whole URL: it may hold a stream key) when it is
     *                                  not one deskdup publishes to
     */
    static PublishTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("publish URL is not a URL (" + e.getReason() + "); e.g. "
                    + "rtmp://HOST/live/KEY, rtsp://HOST:8554/PATH, srt://HOST:PORT, udp://HOST:PORT or tcp://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null && !scheme.equals("udp")) {
            throw new IllegalArgumentException("publish URL (" + scheme + "://…) has no host; e.g. rtmp://HOST/live/KEY");
        }
        return switch (scheme) {
            // FLV carries H.264 to RTMP servers; without the two header fields ffmpeg cannot fill in on a stream, the
            // servers' logs fill with warnings.
            case "rtmp", "rtmps" -> new PublishTarget(url, scheme, "flv", List.of("-flvflags", "no_duration_filesize"));
            // Over TCP: RTP over UDP loses packets (and so whole frames) on any busy network.
            case "rtsp", "rtsps" -> new PublishTarget(url, scheme, "rtsp", List.of("-rtsp_transport", "tcp"));
            case "srt" -> new PublishTarget(url, scheme, "mpegts", List.of());
            // 1316 bytes = 7 TS packets, one datagram each within a 1500-byte MTU.
            case "udp" -> new PublishTarget(url.contains("pkt_size=") ? url
                    : url + (url.contains("?") ? "&" : "?") + "pkt_size=1316", scheme, "mpegts", List.of());
            case "tcp" -> new PublishTarget(url, scheme, "mpegts", List.of());
            default -> throw new IllegalArgumentException("publish scheme=" + (scheme.isEmpty() ? "(none)" : scheme)
                    + " is not supported (choose rtmp, rtmps, rtsp, rtsps, srt, udp or tcp, e.g. "
                    + "rtmp://HOST/live/KEY)");
        };
    }

    /**
     * The ffmpeg protocol ({@code ffmpeg -protocols}) this scheme needs: RTSP is a muxer in ffmpeg that talks over
     * its tcp protocol (rtsps over tls); the others are protocols by their own name.
     */
    String protocol() {
        return switch (scheme) {
            case "rtsp" -> "tcp";
            case "rtsps" -> "tls";
            default -> scheme;
        };
    }

    /** The URL without what may be secret (user info, path, query): {@code rtmp://host:1935/…}. */
    String redacted() {
        return redact(url);
    }

    /** {@code url} as {@code scheme://host[:port]/…}, for messages and progress. */
    static String redact(String url) {
        try {
            URI uri = new URI(url);
            String host = uri.getHost() == null ? "" : uri.getHost();
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            boolean more = uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                    || uri.getRawQuery() != null || uri.getRawUserInfo() != null;
            return uri.getScheme() + "://" + host + port + (more ? "/…" : "");
        } catch (URISyntaxException e) {
            return "(the publish URL)";
        }
    }

    /** Replaces the URL (and its path and query, which may hold a stream key) in a message of ffmpeg's. */
    String redactIn(String message) {
        String m = message.replace(url, redacted());
        try {
            URI uri = new URI(url);
            for (String secret : new String[]{uri.getRawPath(), uri.getRawQuery(), uri.getRawUserInfo()}) {
                if (secret != null && secret.length() > 1) {
                    m = m.replace(secret, "…");
                }
            }
        } catch (URISyntaxException ignored) {
            // nothing more to hide than the URL itself
        }
        return m;
    }
}
