package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Opening the Wayland source against the private session, as the tests do it. */
final class Captures {

    private Captures() {
    }

    static WaylandProvider provider(PipeWireSession pw) {
        return new WaylandProvider(pw.environment(), null, TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(5));
    }

    /** Points the fake portal at the producer's node, with defaults a real GNOME portal would have. */
    static void portal(PipeWireSession pw, int nodeId, Map<String, Object> extra) throws Exception {
        Map<String, Object> c = new HashMap<>(Map.of("node_id", nodeId, "version", 4, "source_types", 7,
                "cursor_modes", 7, "restore_token", "token-1"));
        c.putAll(extra);
        pw.control(c);
    }

    /** Opens and attaches the slots. */
    static CaptureSource open(PipeWireSession pw, CaptureOptions options, TestSlot[] slots) {
        CaptureSource source = provider(pw).open(options, SourceContext.of(slots.length));
        for (TestSlot s : slots) {
            source.attach(s);
        }
        return source;
    }

    static boolean fill(CaptureSource source, TestSlot slot, long millis) {
        slot.beginFill();
        return source.fill(slot, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Fills until a frame comes whose pts is newer than {@code afterNanos}; releases the ones before. */
    static void fillAfter(CaptureSource source, TestSlot slot, long afterNanos, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (fill(source, slot, 500) && slot.serverTimeMillis * 1_000_000 >= afterNanos / 1_000_000 * 1_000_000) {
                return;
            }
            source.released(slot);
        }
        throw new AssertionError("no frame newer than the change within " + millis + " ms");
    }
}
