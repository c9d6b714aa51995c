package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.wayland.Captures.fill;
import static dev.deskdup.internal.wayland.Captures.open;
import static dev.deskdup.internal.wayland.Captures.portal;
import static org.assertj.core.api.Assertions.assertThat;

/** Frames from the project's test producer through the fake portal and real PipeWire, checked pixel by pixel. */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandCaptureTest {

    /** The frame number of the pattern in slot {@code s}, found from its top-left pixel. */
    static long frameNumber(TestSlot s) {
        for (long k = 1; k < 100_000; k++) {
            if ((TestProducer.pixel(0, 0, k) & 0xFFFFFF) == (s.pixel(0, 0) & 0xFFFFFF)
                    && (TestProducer.pixel(1, 0, k) & 0xFFFFFF) == (s.pixel(1, 0) & 0xFFFFFF)) {
                return k;
            }
        }
        throw new AssertionError("top-left pixel 0x" + Integer.toHexString(s.pixel(0, 0)) + " is not the pattern");
    }

    static void assertPattern(TestSlot s, int w, int h) {
        long n = frameNumber(s);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int want = TestProducer.pixel(x, y, n) & 0xFFFFFF;
                int got = s.pixel(x, y) & 0xFFFFFF;
                if (want != got) {
                    throw new AssertionError("pixel (" + x + "," + y + ") of frame " + n + " = 0x"
                            + Integer.toHexString(got) + ", expected 0x" + Integer.toHexString(want));
                }
            }
        }
    }

    @Test
    void framesShowTheProducersPixelsExactlyWithoutACopy(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 200, 30)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(source.width()).isEqualTo(320);
                assertThat(source.height()).isEqualTo(200);
                assertThat(source.zeroCopy()).isTrue();
                assertThat(fill(source, slots[0], 5000)).isTrue();
                TestSlot s = slots[0];
                assertThat(s.width).isEqualTo(320);
                assertThat(s.height).isEqualTo(200);
                assertThat(s.view.isReadOnly()).isTrue();
                assertPattern(s, 320, 200);
                assertThat(s.bytesWritten).isZero();
                source.released(s);
            }
        }
    }

    @Test
    void rgbxFramesAreConvertedToBgra(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.RGBx, 160, 120, 30)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(2);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(source.zeroCopy()).isFalse();
                assertThat(fill(source, slots[0], 5000)).isTrue();
                assertPattern(slots[0], 160, 120);
                assertThat(slots[0].bytesWritten).isEqualTo(160L * 120 * 4);
                source.released(slots[0]);
            }
        }
    }

    @Test
    void aResizeFreesTheOldMemoryOfACopiedSlotWhenTheSlotIsRefilled(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.RGBx, 160, 120, 60)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(2);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(source.zeroCopy()).isFalse();
                assertThat(fill(source, slots[0], 5000)).isTrue();
                source.released(slots[0]);
                assertThat(fill(source, slots[1], 5000)).isTrue();
                source.released(slots[1]);
                MemorySegment old0 = slots[0].memory(), old1 = slots[1].memory();
                producer.resize(200, 150);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (true) {
                    assertThat(System.nanoTime()).as("a 200x150 frame within 5 s").isLessThan(deadline);
                    if (fill(source, slots[0], 1000) && slots[0].width == 200) {
                        break;
                    }
                    source.released(slots[0]);
                }
                assertPattern(slots[0], 200, 150);
                assertThat(old0.scope().isAlive()).as("slot 0's 160x120 memory, freed at its rebind").isFalse();
                assertThat(old1.scope().isAlive()).as("slot 1's, still bound (not refilled yet)").isTrue();
                source.released(slots[0]);
                assertThat(fill(source, slots[1], 2000)).isTrue();
                assertThat(slots[1].width).isEqualTo(200);
                assertThat(old1.scope().isAlive()).as("slot 1's old memory once it was refilled").isFalse();
                source.released(slots[1]);
            }
        }
    }

    @Test
    void aHeldFrameIsNotOverwrittenWhileTheProducerGoesOn(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 64, 48, 60)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                long held = frameNumber(slots[0]);
                long producedBefore = producer.frames();
                // The producer keeps going (its other buffers cycle) while we hold slot 0 and take newer frames.
                for (int i = 0; i < 20; i++) {
                    assertThat(fill(source, slots[1], 2000)).isTrue();
                    source.released(slots[1]);
                }
                assertThat(producer.frames()).isGreaterThan(producedBefore + 10);
                assertThat(frameNumber(slots[0])).isEqualTo(held);
                assertPattern(slots[0], 64, 48);
                source.released(slots[0]);
            }
        }
    }

    @Test
    void aResizedStreamDeliversTheNewSizeOnTheNextFrame(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 200, 100, 30)) {
            portal(pw, producer.nodeId(), Map.of());
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults(), slots)) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                TestSlot held = slots[0]; // held across the resize: its memory must stay readable
                producer.resize(300, 160);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                TestSlot s = slots[1];
                while (true) {
                    assertThat(System.nanoTime()).as("a 300x160 frame within 5 s").isLessThan(deadline);
                    if (fill(source, s, 1000) && s.width == 300) {
                        break;
                    }
                    source.released(s);
                }
                assertThat(s.height).isEqualTo(160);
                assertThat(s.dirty().count()).isEqualTo(1);
                assertThat(s.dirty().width(0)).isEqualTo(300);
                assertThat(s.dirty().height(0)).isEqualTo(160);
                assertPattern(s, 300, 160);
                assertThat(source.width()).isEqualTo(300);
                assertPattern(held, 200, 100);
                source.released(s);
                source.released(held);
            }
        }
    }
}
