package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The X server stops answering (SIGSTOP, as a hung or stopped server would): acquire still returns by its timeout,
 * a server silent past the bound is a capture error naming it, close and stop from another thread return at once
 * and free everything, and frames resume when the server does.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression fails, never hangs the build
class X11FrozenServerTest {

    private static final long TIMEOUT_MILLIS = 200;
    /** How late past its timeout a call may return here: the bound's 50 ms and a loaded machine's noise. */
    private static final long LATE_MILLIS = 250;

    private VirtualDisplay xvfb;

    @BeforeEach
    void start() {
        xvfb = VirtualDisplay.start(160, 120);
    }

    @AfterEach
    void stop() {
        ServerSignals.signal(xvfb.pid(), "CONT");
        xvfb.close();
    }

    private CaptureOptions options(boolean changeTracking) {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11).changeTracking(changeTracking);
    }

    private void paint(int rgb) {
        try (X11Painter painter = xvfb.painter()) {
            painter.fillScreen(rgb);
            painter.sync();
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @ParameterizedTest(name = "changeTracking={0}")
    @ValueSource(booleans = {false, true})
    void acquireOnAFrozenServerReturnsNullByItsTimeoutAndFramesResumeWhenItAnswers(boolean changeTracking) {
        paint(0x112233);
        try (ScreenCapture capture = ScreenCapture.open(options(changeTracking))) {
            long took;
            try (ServerSignals.Frozen frozen = ServerSignals.freeze(xvfb)) {
                // The first frame needs replies in both modes (change tracking reads the damage first).
                for (int i = 0; i < 3; i++) {
                    long start = System.nanoTime();
                    Frame frame = capture.acquire(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                    took = millisSince(start);
                    assertThat(frame).as("no frame from a stopped server").isNull();
                    assertThat(took).as("acquire %d returned after its timeout, not much later", i)
                            .isBetween(TIMEOUT_MILLIS - 10, TIMEOUT_MILLIS + LATE_MILLIS);
                }
            }
            paint(0x445566);
            try (Frame frame = capture.acquire(2, TimeUnit.SECONDS)) {
                assertThat(frame).as("a frame once the server answers again").isNotNull();
                assertThat(frame.pixels().get(X11CaptureTest.PIXEL, 0) & 0xFFFFFF).isEqualTo(0x445566);
                assertThat(frame.pixels().get(X11CaptureTest.PIXEL, 4L * (160 * 120 - 1)) & 0xFFFFFF)
                        .isEqualTo(0x445566);
            }
        }
    }

    @Test
    void aServerSilentPastTheBoundIsACaptureErrorNamingItAndCaptureGoesOnWhenItAnswers() {
        paint(0x010203);
        try (ScreenCapture capture = ScreenCapture.open(options(false))) {
            capture.acquire(1, TimeUnit.SECONDS).release();
            CaptureException error = null;
            long took;
            try (ServerSignals.Frozen frozen = ServerSignals.freeze(xvfb)) {
                long start = System.nanoTime();
                while (error == null && millisSince(start) < 10_000) {
                    try {
                        assertThat(capture.acquire(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isNull();
                    } catch (CaptureException e) {
                        error = e;
                    }
                }
                took = millisSince(start);
            }
            long bound = TimeUnit.NANOSECONDS.toMillis(X11Replies.UNRESPONSIVE_NANOS);
            assertThat(error).as("a capture error after %d ms of silence", bound).isNotNull()
                    .hasMessageContaining("not answering")
                    .hasMessageContaining("display=" + xvfb.display())
                    .hasMessageContaining("ShmGetImage");
            assertThat(took).isBetween(bound, bound + TIMEOUT_MILLIS + LATE_MILLIS);
            paint(0x0A0B0C);
            try (Frame frame = capture.acquire(2, TimeUnit.SECONDS)) {
                assertThat(frame.pixels().get(X11CaptureTest.PIXEL, 0) & 0xFFFFFF).isEqualTo(0x0A0B0C);
            }
        }
    }

    @ParameterizedTest(name = "changeTracking={0}")
    @ValueSource(booleans = {false, true})
    void closeFromAnotherThreadDuringAnAcquireOnAFrozenServerReturnsAtOnceAndFreesEverything(boolean changeTracking)
            throws Exception {
        ScreenCapture.open(options(changeTracking)).close(); // classes and libraries loaded before the baseline
        int serverSockets = settledServerSockets();
        ProcessResources before = ProcessResources.now();
        ScreenCapture capture = ScreenCapture.open(options(changeTracking));
        AtomicReference<Object> outcome = new AtomicReference<>();
        AtomicLong acquireEnded = new AtomicLong();
        CountDownLatch acquiring = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            acquiring.countDown();
            try {
                outcome.set(String.valueOf(capture.acquire(10, TimeUnit.SECONDS)));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            acquireEnded.set(System.nanoTime());
        });
        long closeTook;
        try (ServerSignals.Frozen frozen = ServerSignals.freeze(xvfb)) {
            consumer.start();
            acquiring.await();
            Thread.sleep(300); // inside the fill, waiting for the stopped server
            long start = System.nanoTime();
            capture.close();
            closeTook = millisSince(start);
            consumer.join(2000);
            assertThat(consumer.isAlive()).as("the acquire ended").isFalse();
            assertThat((acquireEnded.get() - start) / 1_000_000).as("acquire ended after close").isLessThan(LATE_MILLIS);
            assertThat(ProcessResources.leakedSince(before)).as("left behind while the server is stopped").isEmpty();
        }
        assertThat(closeTook).as("close with the server stopped").isLessThan(LATE_MILLIS);
        assertThat(outcome.get()).satisfiesAnyOf(
                o -> assertThat(o).isEqualTo("null"),
                o -> assertThat(o).isInstanceOf(IllegalStateException.class));
        awaitServerSockets(serverSockets);
    }

    @ParameterizedTest
    @EnumSource(Delivery.class)
    void stopAndCloseOfAStreamOnAFrozenServerReturnAtOnce(Delivery delivery) throws Exception {
        AtomicBoolean painting = new AtomicBoolean(true);
        Thread painter = new Thread(() -> { // keeps the capture busy with requests when the server stops
            try (X11Painter p = xvfb.painter()) {
                for (int i = 0; painting.get(); i++) {
                    p.fillRect(0, 0, 160, 120, i * 0x010101);
                    p.sync();
                }
            }
        });
        try (ScreenCapture capture = ScreenCapture.open(options(true).delivery(delivery))) {
            AtomicInteger frames = new AtomicInteger();
            CaptureStream stream = capture.stream(frame -> frames.incrementAndGet());
            painter.start();
            while (frames.get() < 10) {
                Thread.sleep(5);
            }
            long stopTook;
            long closeTook;
            try (ServerSignals.Frozen frozen = ServerSignals.freeze(xvfb)) {
                Thread.sleep(300);
                long start = System.nanoTime();
                assertThat(stream.stop(Duration.ofSeconds(2))).isTrue();
                stopTook = millisSince(start);
                start = System.nanoTime();
                capture.close();
                closeTook = millisSince(start);
            }
            assertThat(stopTook).as("stop with the server stopped").isLessThan(LATE_MILLIS);
            assertThat(closeTook).as("close with the server stopped").isLessThan(LATE_MILLIS);
            assertThat(stream.failure()).isNull();
        } finally {
            painting.set(false);
            painter.join(5000);
        }
    }

    /** The server's client connections once two counts 50 ms apart agree (it drops a closed one on its next poll). */
    private int settledServerSockets() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int now = ServerSignals.serverSockets(xvfb);
        while (System.nanoTime() < deadline) {
            Thread.sleep(50);
            int again = ServerSignals.serverSockets(xvfb);
            if (again == now) {
                return now;
            }
            now = again;
        }
        return now;
    }

    /**
     * Waits until the server holds no more client connections than {@code baseline}. At most, not exactly: even a
     * settled baseline may still count the warm-up capture's connection, if the server was slow to drop it.
     */
    private void awaitServerSockets(int baseline) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (ServerSignals.serverSockets(xvfb) > baseline && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(ServerSignals.serverSockets(xvfb)).as("client connections the server holds")
                .isLessThanOrEqualTo(baseline);
    }
}
