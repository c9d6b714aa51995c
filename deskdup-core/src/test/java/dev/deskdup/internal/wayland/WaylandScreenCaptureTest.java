package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.pipewire.VideoFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.wayland.Captures.portal;
import static org.assertj.core.api.Assertions.assertThat;

/** The Wayland source through the public API: by name, and chosen by auto in a Wayland session. */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandScreenCaptureTest {

    @Test
    void sourceWaylandCapturesThroughScreenCapture(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 200, 30)) {
            portal(pw, producer.nodeId(), Map.of());
            try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("wayland"))) {
                assertThat(capture.info().source()).isEqualTo("wayland");
                assertThat(capture.info().zeroCopy()).isTrue();
                for (int i = 0; i < 5; i++) {
                    try (Frame f = capture.acquire(5, TimeUnit.SECONDS)) {
                        assertThat(f).isNotNull();
                        assertThat(f.width()).isEqualTo(320);
                        assertThat(f.height()).isEqualTo(200);
                        int p = f.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4L * 5);
                        long n = -1;
                        for (long k = 1; k < 100_000 && n < 0; k++) {
                            if ((TestProducer.pixel(5, 0, k) & 0xFFFFFF) == (p & 0xFFFFFF)) {
                                n = k;
                            }
                        }
                        assertThat(n).isPositive();
                    }
                }
                assertThat(capture.bytesCopied()).isZero();
            }
        }
    }

    @Test
    void autoPicksWaylandInAWaylandSession(PipeWireSession pw) throws Exception {
        assertThat(System.getenv("XDG_SESSION_TYPE")).isEqualTo("wayland");
        assertThat(ScreenCapture.sourceFor(CaptureOptions.defaults())).isEqualTo("wayland");
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, 30)) {
            portal(pw, producer.nodeId(), Map.of());
            try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults())) {
                assertThat(capture.info().source()).isEqualTo("wayland");
                try (Frame f = capture.acquire(5, TimeUnit.SECONDS)) {
                    assertThat(f).isNotNull();
                    assertThat(f.width()).isEqualTo(64);
                }
            }
        }
    }
}
