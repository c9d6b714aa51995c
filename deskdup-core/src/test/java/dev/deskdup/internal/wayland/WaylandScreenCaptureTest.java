package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.xvfb.junit.Allocations;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    void steadyFramesAllocateNothingOnTheConsumersThread(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 200, 240)) {
            portal(pw, producer.nodeId(), Map.of());
            try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("wayland"))) {
                double perFrame = Allocations.perCall("wayland acquire/release", 200, 100, 5, () -> {
                    Frame f = capture.acquire(2, TimeUnit.SECONDS);
                    if (f == null) {
                        throw new AssertionError("no frame");
                    }
                    try (f) {
                        return f.pixels().get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 0) + f.sequence();
                    }
                });
                assertThat(perFrame).as("bytes allocated per acquire/release").isLessThan(1);
            }
        }
    }

    @Test
    void steadyFramesAllocateNothingOnTheCaptureThreadOfAStream(PipeWireSession pw) throws Exception {
        for (Delivery delivery : Delivery.values()) {
            try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 200, 240)) {
                portal(pw, producer.nodeId(), Map.of());
                AtomicLong frames = new AtomicLong();
                AtomicReference<Thread> thread = new AtomicReference<>();
                try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().source("wayland")
                        .delivery(delivery));
                     CaptureStream stream = capture.stream(f -> {
                         thread.set(Thread.currentThread());
                         frames.addAndGet(1 + (f.pixels().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) & 0));
                     })) {
                    awaitFrames(frames, 200);
                    long least = Long.MAX_VALUE;
                    StringBuilder rounds = new StringBuilder();
                    for (int round = 0; round < 5 && least > 0; round++) {
                        long before = Allocations.threadAllocatedBytes(thread.get());
                        long f0 = frames.get();
                        awaitFrames(frames, f0 + 100);
                        long used = Allocations.threadAllocatedBytes(thread.get()) - before;
                        rounds.append(' ').append(used).append('/').append(frames.get() - f0);
                        least = Math.min(least, used);
                    }
                    System.out.println("stream " + delivery + ": bytes/frames per round:" + rounds);
                    assertThat(least).as("%s: bytes allocated on the capture thread per ~100 frames, rounds:%s",
                            delivery, rounds).isZero();
                }
            }
        }
    }

    private static void awaitFrames(AtomicLong frames, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (frames.get() < atLeast) {
            assertThat(System.nanoTime()).as("%d frames", atLeast).isLessThan(deadline);
            Thread.sleep(5);
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
