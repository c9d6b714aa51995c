package dev.deskdup;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stop and close are bounded whatever the handler does: a sleeping handler is interrupted after 100 ms, one that
 * ignores interrupts is left behind at the timeout (the stream abandoned), and its slot comes back to the capture
 * when it finally returns.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamStopTest {

    private static final long GRACE_MILLIS = 100;
    /** Scheduling noise allowed on a loaded 2-core machine. */
    private static final long SLACK_MILLIS = 300;

    static CaptureOptions options(Delivery delivery) {
        return CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC).syntheticSize(16, 16).slots(3)
                .delivery(delivery).maxFps(200);
    }

    /** A handler that holds its first frame until {@code release}, whatever interrupts it gets. */
    static final class StubbornHandler implements FrameHandler {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean interrupted = new AtomicBoolean();
        final AtomicReference<Frame> held = new AtomicReference<>();
        final AtomicReference<Throwable> afterwards = new AtomicReference<>();

        @Override
        public void onFrame(Frame frame) {
            if (held.compareAndSet(null, frame)) {
                entered.countDown();
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted.set(true); // and carries on
                    }
                }
                try {
                    frame.pixels(); // still valid while the capture is open; closed: an IllegalStateException
                } catch (Throwable t) {
                    afterwards.set(t);
                }
            }
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void stopInterruptsASleepingHandlerAfterItsGraceAndReturnsAtOnce(Delivery delivery) throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options(delivery))) {
            CountDownLatch sleeping = new CountDownLatch(1);
            CaptureStream stream = capture.stream(frame -> {
                sleeping.countDown();
                Thread.sleep(5_000);
            });
            sleeping.await();
            long start = System.nanoTime();
            stream.stop();
            long took = millisSince(start);
            assertThat(took).as("stop with a handler sleeping 5 s").isLessThan(GRACE_MILLIS + SLACK_MILLIS);
            assertThat(stream.isRunning()).isFalse();
            assertThat(stream.failure()).as("an interrupted handler is a normal end of a stop").isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void stopGivesUpOnAHandlerIgnoringInterruptsAtItsTimeoutAndTheSlotComesBackWhenItReturns(Delivery delivery)
            throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options(delivery))) {
            StubbornHandler handler = new StubbornHandler();
            CaptureStream stream = capture.stream(handler);
            handler.entered.await();
            long start = System.nanoTime();
            boolean ended = stream.stop(Duration.ofMillis(300));
            long took = millisSince(start);
            assertThat(ended).as("stop says the handler was left running").isFalse();
            assertThat(took).isBetween(300L, 300 + SLACK_MILLIS);
            assertThat(handler.interrupted).as("interrupted after its grace").isTrue();
            assertThat(stream.isRunning()).as("abandoned, not ended").isTrue();

            handler.release.countDown();
            assertThat(stream.await(Duration.ofSeconds(2))).as("ends when the handler returns").isTrue();
            assertThat(handler.afterwards.get()).as("its frame stayed valid").isNull();
            List<Frame> all = new ArrayList<>();
            for (int i = 0; i < 3; i++) { // every slot, the abandoned handler's one too, is free again
                Frame frame = capture.acquire(1, TimeUnit.SECONDS);
                assertThat(frame).as("slot %d of 3", i).isNotNull();
                all.add(frame);
            }
            all.forEach(Frame::release);
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void stopAndAwaitTakeAnyDurationAndRefuseNone(Delivery delivery) throws Exception {
        try (ScreenCapture capture = ScreenCapture.open(options(delivery))) {
            CaptureStream stream = capture.stream(frame -> { });
            assertThatThrownBy(() -> stream.stop(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout=null");
            assertThatThrownBy(() -> stream.await(null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout=null");
            assertThat(stream.isRunning()).as("a refused stop stops nothing").isTrue();
            assertThat(stream.await(Duration.ofMillis(-5))).as("a negative wait is none").isFalse();
            assertThat(stream.stop(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
            assertThat(stream.await(Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void closeIsBoundedByTheDefaultStopTimeoutAndTheAbandonedFrameThenReadsAsClosed(Delivery delivery)
            throws Exception {
        ScreenCapture capture = ScreenCapture.open(options(delivery));
        StubbornHandler handler = new StubbornHandler();
        CaptureStream stream = capture.stream(handler);
        handler.entered.await();
        long start = System.nanoTime();
        capture.close();
        long took = millisSince(start);
        assertThat(took).as("close with a handler ignoring interrupts (default timeout 2 s)")
                .isBetween(2_000L, 2_000 + SLACK_MILLIS);
        assertThat(capture.isOpen()).isFalse();
        handler.release.countDown();
        assertThat(stream.await(Duration.ofSeconds(2))).isTrue();
        assertThat(handler.afterwards.get()).as("the frame of a closed capture").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
