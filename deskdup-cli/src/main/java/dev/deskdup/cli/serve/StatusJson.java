package dev.deskdup.cli.serve;

import dev.deskdup.ScreenCapture;
import org.eclipse.jetty.util.ajax.JSON;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /status}: who watches and how well, as JSON. Per viewer: updates per second (acknowledged in the last
 * second), lag (capture → its ack arrived, ms), the page's own decode+draw time, bytes sent, whether an update is in
 * flight. Also the capture's counters and what each encoding cost so far.
 */
final class StatusJson {

    private final ViewerRegistry registry;
    private final ScreenCapture capture;
    private final Broadcaster broadcaster;
    private final EncodingStats encodings;
    private final String jpegEncoder;

    StatusJson(ViewerRegistry registry, ScreenCapture capture, Broadcaster broadcaster, EncodingStats encodings,
               String jpegEncoder) {
        this.registry = registry;
        this.capture = capture;
        this.broadcaster = broadcaster;
        this.encodings = encodings;
        this.jpegEncoder = jpegEncoder;
    }

    String render() {
        Viewer[] viewers = registry.snapshot();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("viewers", viewers.length);
        root.put("screen", Map.of("width", capture.width(), "height", capture.height()));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("framesDelivered", capture.framesDelivered());
        c.put("framesDropped", capture.framesDropped());
        c.put("bytesCopied", capture.bytesCopied());
        c.put("framesSeen", broadcaster.framesSeen());
        c.put("updatesEncoded", broadcaster.updatesEncoded());
        root.put("capture", c);
        root.put("jpegEncoder", jpegEncoder);
        Map<String, Object> e = new LinkedHashMap<>();
        for (int i = 0; i < EncodingStats.ENCODINGS; i++) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("rects", encodings.count(i));
            one.put("pixels", encodings.pixels(i));
            one.put("bytes", encodings.bytes(i));
            one.put("encodeMs", round(encodings.nanos(i) / 1e6));
            e.put(UpdateDescriptor.encodingName(i), one);
        }
        root.put("encodings", e);
        List<Object> list = new ArrayList<>();
        long total = 0;
        long now = System.nanoTime();
        for (Viewer v : viewers) {
            total += v.bytesSent();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("id", v.id);
            one.put("remote", v.remote);
            one.put("connectedSeconds", round((now - v.connectedNanos) / 1e9));
            one.put("fps", round(v.fps()));
            one.put("lagMs", round(v.lagMs()));
            one.put("decodeMs", round(v.decodeMs()));
            one.put("updatesSent", v.updatesSent());
            one.put("updatesAcked", v.updatesAcked());
            one.put("bytesSent", v.bytesSent());
            one.put("inFlight", v.inFlight());
            list.add(one);
        }
        root.put("list", list);
        root.put("bytesSent", total);
        return new JSON().toJSON(root);
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }
}
