package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Frames from the project's test producer through the fake portal and real PipeWire, checked pixel by pixel. */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandCaptureTest {

    static WaylandProvider provider(PipeWireSession pw) {
        return new WaylandProvider(pw.environment(), null, TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(5));
    }

    static void portal(PipeWireSession pw, TestProducer producer, Map<String, Object> extra) throws Exception {
        java.util.Map<String, Object> c = new java.util.HashMap<>(Map.of("node_id", producer.nodeId(), "version", 4,
                "source_types", 7, "cursor_modes", 7, "restore_token", "token-1"));
        c.putAll(extra);
        pw.control(c);
    }

    static boolean fill(CaptureSource source, TestSlot slot, long millis) {
        slot.beginFill();
        return source.fill(slot, TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void framesShowTheProducersPixelsExactly(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 200, 30)) {
            portal(pw, producer, Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = provider(pw).open(CaptureOptions.defaults(), SourceContext.of(3))) {
                assertThat(source.width()).isEqualTo(320);
                assertThat(source.height()).isEqualTo(200);
                for (TestSlot s : slots) {
                    source.attach(s);
                }
                assertThat(fill(source, slots[0], 5000)).isTrue();
                TestSlot s = slots[0];
                assertThat(s.width).isEqualTo(320);
                assertThat(s.height).isEqualTo(200);
                assertThat(s.view.isReadOnly()).isTrue();
                // The pattern's frame number is in the red channel: find it, then check every pixel.
                int r = (s.pixel(0, 0) >>> 16) & 0xFF;
                long n = -1;
                for (long k = 0; k < 256 && n < 0; k++) {
                    if (((k * 5) & 0xFF) == r && (TestProducer.pixel(0, 0, k) == s.pixel(0, 0))) {
                        n = k;
                    }
                }
                assertThat(n).as("frame number found").isNotNegative();
                for (int y = 0; y < 200; y++) {
                    for (int x = 0; x < 320; x++) {
                        if ((s.pixel(x, y) & 0x00FFFFFF) != (TestProducer.pixel(x, y, n) & 0x00FFFFFF)) {
                            throw new AssertionError("pixel " + x + "," + y + " = " + Integer.toHexString(s.pixel(x, y)));
                        }
                    }
                }
                assertThat(s.bytesWritten).isZero();
                source.released(s);
            }
        }
    }
}
