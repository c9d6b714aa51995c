package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Delivery;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.wayland.Captures.fill;
import static dev.deskdup.internal.wayland.Captures.open;
import static dev.deskdup.internal.wayland.Captures.portal;
import static dev.deskdup.internal.wayland.WaylandCaptureTest.assertPattern;
import static dev.deskdup.internal.wayland.WaylandCaptureTest.frameNumber;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EVERY and LATEST at the source, with a consumer slower than the producer. EVERY hands out every frame PipeWire
 * delivers, in order, dropping none itself, and holds the producer back by the buffers it keeps; LATEST skips to the
 * newest and sends the older ones back at once, so the producer keeps its pace.
 *
 * <p>PipeWire 0.3.65 itself does not hand a consumer every frame its producer queued once the consumer holds all
 * buffers: a bare {@code pw_stream} consumer (no deskdup code) that keeps every buffer for 30 ms saw 10 gaps in 60
 * frames from this producer. So EVERY's promise here is "nothing deskdup received is dropped or reordered", and the
 * test checks that, not that the producer's numbering has no gaps.
 */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandDeliveryTest {

    private static final int FRAMES = 15;
    private static final int PRODUCER_FPS = 120;
    private static final long CONSUMER_PAUSE_MILLIS = 30; // the producer makes a frame every ~8 ms

    /** The pattern's frame number is known modulo 256 (its blue and red channels wrap). */
    private static long step(long previous, long next) {
        return Math.floorMod(next - previous, 256);
    }

    @Test
    void everyHandsOutWhatArrivesInOrderAndHoldsTheProducerBack(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, PRODUCER_FPS)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults().delivery(Delivery.EVERY), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                long previous = frameNumber(slots[0]);
                source.released(slots[0]);
                int older = 0;
                for (int i = 1; i <= FRAMES; i++) {
                    Thread.sleep(CONSUMER_PAUSE_MILLIS);
                    TestSlot s = slots[i % slots.length];
                    assertThat(fill(source, s, 2000)).isTrue();
                    if (s.serverTimeMillis < producer.lastPts() / 1_000_000) {
                        older++; // a queued frame, not the producer's newest
                    }
                    long n = frameNumber(s);
                    assertThat(step(previous, n)).as("frame %d after frame %d: newer, never older", n, previous)
                            .isBetween(1L, 100L);
                    assertPattern(s, 64, 48);
                    previous = n;
                    source.released(s);
                }
                assertThat(((WaylandSource) source).framesDroppedAtSource()).isZero();
                // the frames waited in deskdup's queue (holding the producer's buffers) rather than being replaced
                assertThat(older).as("fills that got a queued frame older than the producer's newest")
                        .isGreaterThanOrEqualTo(FRAMES / 2);
            }
        }
    }

    @Test
    void latestSkipsToTheNewestFrameAndReturnsTheOlderOnesAtOnce(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, PRODUCER_FPS)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults().delivery(Delivery.LATEST), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                long previous = frameNumber(slots[0]);
                source.released(slots[0]);
                long skipped = 0;
                for (int i = 1; i <= FRAMES; i++) {
                    Thread.sleep(CONSUMER_PAUSE_MILLIS);
                    TestSlot s = slots[i % slots.length];
                    assertThat(fill(source, s, 2000)).isTrue();
                    long n = frameNumber(s);
                    skipped += step(previous, n) - 1;
                    previous = n;
                    source.released(s);
                }
                assertThat(skipped).as("frames skipped by a consumer 4x slower than the producer").isPositive();
                assertThat(((WaylandSource) source).framesDroppedAtSource()).isPositive();
            }
        }
    }
}
