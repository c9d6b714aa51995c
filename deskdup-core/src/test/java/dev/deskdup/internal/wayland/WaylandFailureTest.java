package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.wayland.Captures.fill;
import static dev.deskdup.internal.wayland.Captures.open;
import static dev.deskdup.internal.wayland.Captures.portal;
import static dev.deskdup.internal.wayland.Captures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The portal refusing, the producer going away, buffers deskdup cannot read: each a clear error, never a hang. */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandFailureTest {

    @Test
    void aUserWhoCancelsTheDialogGetsAClearError(PipeWireSession pw) throws Exception {
        portal(pw, 1, Map.of("responses", Map.of("Start", 1)));
        assertThatThrownBy(() -> provider(pw).open(CaptureOptions.defaults(), SourceContext.of(2)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("cancelled")
                .hasMessageContaining("response=1");
    }

    @Test
    void aPortalThatFailsGetsAClearError(PipeWireSession pw) throws Exception {
        portal(pw, 1, Map.of("responses", Map.of("SelectSources", 2)));
        assertThatThrownBy(() -> provider(pw).open(CaptureOptions.defaults(), SourceContext.of(2)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("refused SelectSources")
                .hasMessageContaining("response=2");
    }

    @Test
    void aPortalThatNeverAnswersTimesOut(PipeWireSession pw) throws Exception {
        portal(pw, 1, Map.of("silent", List.of("Start")));
        WaylandProvider quick = new WaylandProvider(pw.environment(), null, TimeUnit.SECONDS.toNanos(2),
                TimeUnit.MILLISECONDS.toNanos(700));
        long start = System.nanoTime();
        assertThatThrownBy(() -> quick.open(CaptureOptions.defaults(), SourceContext.of(2)))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("did not answer Start");
        assertThat(PipeWireSession.since(start).toMillis()).isLessThan(3000);
        // and the portal was told to drop the request and the session
        assertThat(String.join("\n", pw.portalLog())).contains("Request.Close").contains("Session.Close");
    }

    @Test
    void aSeparateCursorNeedsTheMetadataMode(PipeWireSession pw) throws Exception {
        portal(pw, 1, Map.of("cursor_modes", 3));
        assertThatThrownBy(() -> provider(pw).open(CaptureOptions.defaults().cursor(CursorMode.SEPARATE),
                SourceContext.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor=SEPARATE needs the portal's cursor mode metadata")
                .hasMessageContaining("[hidden, embedded]");
    }

    @Test
    void aRegionIsRefusedByName(PipeWireSession pw) {
        assertThatThrownBy(() -> provider(pw).open(CaptureOptions.defaults().region(dev.deskdup.Region.of(0, 0, 10,
                10)), SourceContext.of(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("region=");
    }

    @Test
    void aProducerThatGoesAwayEndsTheCaptureWithinOneSecond(PipeWireSession pw) throws Exception {
        TestSlot[] slots = TestSlot.ring(3);
        TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 160, 120, 60);
        try (CaptureSource source = openOn(pw, producer, slots)) {
            assertThat(fill(source, slots[0], 5000)).isTrue();
            source.released(slots[0]);
            producer.close();
            long gone = System.nanoTime();
            assertThatThrownBy(() -> {
                while (true) {
                    if (fill(source, slots[0], 2000)) {
                        source.released(slots[0]);
                    }
                }
            }).isInstanceOf(CaptureException.class).hasMessageContaining("PipeWire");
            assertThat(PipeWireSession.since(gone).toMillis()).isLessThan(1000);
        }
    }

    @Test
    void pipeWireItselfDyingEndsTheCaptureWithinOneSecond(PipeWireSession pw) throws Exception {
        // A daemon of its own, so that the shared one survives for the other tests.
        try (PipeWireSession.Daemon doomed = pw.startDaemon("doomed");
             TestProducer producer = TestProducer.start(doomed.socket(), VideoFormat.BGRx, 160, 120, 60)) {
            portal(pw, producer.nodeId(), Map.of("pipewire_socket", doomed.socket().toString()));
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                WaylandCaptureTest.assertPattern(slots[0], 160, 120);
                source.released(slots[0]);
                long killed = System.nanoTime();
                doomed.killPipeWire();
                assertThatThrownBy(() -> {
                    while (true) {
                        if (fill(source, slots[0], 2000)) {
                            source.released(slots[0]);
                        }
                    }
                }).isInstanceOf(CaptureException.class).hasMessageContaining("PipeWire");
                assertThat(PipeWireSession.since(killed).toMillis()).isLessThan(1000);
            } // and closing after PipeWire died neither hangs nor crashes
        } finally {
            portal(pw, 1, Map.of());
        }
    }

    @Test
    void aKilledGstreamerProducerEndsTheCaptureWithinOneSecond(PipeWireSession pw) throws Exception {
        Process gst = pw.launchProgram("gst-producer", "gst-launch-1.0", "-q", "videotestsrc", "pattern=solid-color",
                "foreground-color=0xff336699", "is-live=true", "!", "video/x-raw,format=BGRx,width=96,height=64,"
                        + "framerate=30/1", "!", "pipewiresink", "mode=provide",
                "stream-properties=props,media.class=Video/Source,node.name=deskdup-gst-producer");
        try {
            int node = awaitNode(pw, "deskdup-gst-producer");
            portal(pw, node, Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                assertThat(slots[0].width).isEqualTo(96);
                for (int y = 0; y < 64; y++) {
                    for (int x = 0; x < 96; x++) {
                        assertThat(slots[0].pixel(x, y) & 0xFFFFFF).isEqualTo(0x336699);
                    }
                }
                source.released(slots[0]);
                gst.destroyForcibly();
                long gone = System.nanoTime();
                assertThatThrownBy(() -> {
                    while (true) {
                        if (fill(source, slots[0], 2000)) {
                            source.released(slots[0]);
                        }
                    }
                }).isInstanceOf(CaptureException.class);
                assertThat(PipeWireSession.since(gone).toMillis()).isLessThan(1000);
            }
        } finally {
            gst.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aProducerOfferingOnlyDmabufGetsAClearError(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 64, 30, true, false)) {
            portal(pw, producer.nodeId(), Map.of());
            assertThatThrownBy(() -> provider(pw).open(CaptureOptions.defaults(), SourceContext.of(2)))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("DMA-BUF");
        }
    }

    static CaptureSource openOn(PipeWireSession pw, TestProducer producer, TestSlot[] slots) throws Exception {
        portal(pw, producer.nodeId(), Map.of());
        return open(pw, CaptureOptions.defaults(), slots);
    }

    /** The id of the node named {@code name}, from {@code pw-cli ls Node}. */
    static int awaitNode(PipeWireSession pw, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String out = pw.run("pw-cli", "ls", "Node");
            int at = out.indexOf("node.name = \"" + name + "\"");
            if (at >= 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bid (\\d+), type PipeWire:Interface:Node")
                        .matcher(out.substring(0, at));
                int id = -1;
                while (m.find()) {
                    id = Integer.parseInt(m.group(1));
                }
                if (id >= 0) {
                    return id;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("node " + name + " did not appear");
    }
}
