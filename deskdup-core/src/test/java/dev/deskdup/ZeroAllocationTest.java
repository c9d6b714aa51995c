package dev.deskdup;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.Allocations;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After warm-up, handing out frames allocates nothing: over 10,000 frames the bytes allocated on the thread that
 * captures and consumes average under 1 byte per frame, in pull and push mode, for X11 and the synthetic source.
 */
@WithXvfb(width = 320, height = 240)
class ZeroAllocationTest {

    static final int FRAMES = 10_000;
    static final int WARMUP = 5_000;

    static VirtualDisplay xvfb;

    @BeforeAll
    static void startServer(VirtualDisplay display) {
        xvfb = display;
    }


    /** Full-frame mode (a frame per acquire on this idle screen); X11DamageCostTest covers change tracking. */
    static CaptureOptions x11() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11)
                .region(Region.of(8, 8, 64, 48)).changeTracking(false);
    }

    static CaptureOptions synthetic() {
        return CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC).syntheticSize(64, 48);
    }

    /** What a consumer typically touches per frame: the accessors and one read of the pixels. */
    static long consume(Frame frame) {
        return frame.sequence() + frame.width() + frame.height() + frame.stride() + frame.dirtyRectCount()
                + frame.pixels().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0);
    }

    static double pullBytesPerFrame(CaptureOptions options) {
        try (ScreenCapture capture = ScreenCapture.open(options)) {
            return Allocations.perCall("pull " + capture.sourceName(), WARMUP, FRAMES, 3, () -> {
                Frame frame = capture.acquire(1, TimeUnit.SECONDS);
                long seen = consume(frame);
                frame.release();
                return seen;
            });
        }
    }

    static double pushBytesPerFrame(CaptureOptions options) throws InterruptedException {
        long[] state = new long[3]; // frames seen, allocated bytes at start of measurement, at end
        try (ScreenCapture capture = ScreenCapture.open(options)) {
            CaptureStream stream = capture.stream(frame -> {
                consume(frame);
                long n = ++state[0];
                if (n == WARMUP) {
                    state[1] = Allocations.threadAllocatedBytes();
                } else if (n == WARMUP + FRAMES) {
                    state[2] = Allocations.threadAllocatedBytes();
                    throw new Done();
                }
            });
            assertThat(stream.await(Duration.ofSeconds(60))).isTrue();
            assertThat(stream.failure()).isInstanceOf(Done.class);
        }
        return (double) (state[2] - state[1]) / FRAMES;
    }

    static final class Done extends RuntimeException {
        Done() {
            super(null, null, false, false);
        }
    }

    @Test
    void x11PullAllocatesNothingPerFrame() {
        assertThat(pullBytesPerFrame(x11())).isLessThan(1.0);
    }

    @Test
    void x11PushAllocatesNothingPerFrame() throws InterruptedException {
        assertThat(pushBytesPerFrame(x11())).isLessThan(1.0);
    }

    @Test
    void syntheticPullAllocatesNothingPerFrame() {
        assertThat(pullBytesPerFrame(synthetic())).isLessThan(1.0);
    }

    @Test
    void syntheticPushAllocatesNothingPerFrame() throws InterruptedException {
        assertThat(pushBytesPerFrame(synthetic())).isLessThan(1.0);
    }
}
