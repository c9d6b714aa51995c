package dev.deskdup.cli.serve;

import dev.deskdup.ScreenCapture;

import java.util.Locale;

/**
 * {@code GET /status}: who watches and how well, as JSON. Per viewer: updates per second (acknowledged in the last
 * second), lag (capture → its ack arrived, ms), the page's own decode+draw time, bytes sent, whether an update is in
 * flight and how many rectangles wait. Also the capture's counters and what each encoding cost so far.
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
        StringBuilder s = new StringBuilder(512 + 256 * viewers.length);
        long total = 0;
        s.append("{\"viewers\":").append(viewers.length);
        s.append(",\"screen\":{\"width\":").append(capture.width()).append(",\"height\":").append(capture.height())
                .append('}');
        s.append(",\"capture\":{\"framesDelivered\":").append(capture.framesDelivered())
                .append(",\"framesDropped\":").append(capture.framesDropped())
                .append(",\"bytesCopied\":").append(capture.bytesCopied())
                .append(",\"framesSeen\":").append(broadcaster.framesSeen())
                .append(",\"updatesEncoded\":").append(broadcaster.updatesEncoded()).append('}');
        s.append(",\"jpegEncoder\":\"").append(jpegEncoder).append('"');
        s.append(",\"encodings\":{");
        for (int e = 0; e < EncodingStats.ENCODINGS; e++) {
            if (e > 0) {
                s.append(',');
            }
            s.append('"').append(UpdateDescriptor.encodingName(e)).append("\":{\"rects\":")
                    .append(encodings.count(e)).append(",\"pixels\":").append(encodings.pixels(e))
                    .append(",\"bytes\":").append(encodings.bytes(e)).append(",\"encodeMs\":")
                    .append(number(encodings.nanos(e) / 1e6)).append('}');
        }
        s.append("},\"list\":[");
        long now = System.nanoTime();
        for (int i = 0; i < viewers.length; i++) {
            Viewer v = viewers[i];
            total += v.bytesSent();
            if (i > 0) {
                s.append(',');
            }
            s.append("{\"id\":").append(v.id)
                    .append(",\"remote\":\"").append(v.remote.replace("\"", "")).append('"')
                    .append(",\"connectedSeconds\":").append(number((now - v.connectedNanos) / 1e9))
                    .append(",\"fps\":").append(number(v.fps()))
                    .append(",\"lagMs\":").append(number(v.lagMs()))
                    .append(",\"decodeMs\":").append(number(v.decodeMs()))
                    .append(",\"updatesSent\":").append(v.updatesSent())
                    .append(",\"updatesAcked\":").append(v.updatesAcked())
                    .append(",\"bytesSent\":").append(v.bytesSent())
                    .append(",\"inFlight\":").append(v.inFlight())
                    .append('}');
        }
        s.append("],\"bytesSent\":").append(total).append('}');
        return s.toString();
    }

    private static String number(double d) {
        return String.format(Locale.ROOT, "%.2f", d);
    }
}
