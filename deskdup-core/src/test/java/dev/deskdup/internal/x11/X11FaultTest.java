package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The X server dies mid-stream (SIGKILL): whatever the consumer (pull, LATEST, EVERY), a capture error naming the
 * display within a second, and once closed nothing is left behind: no fd, memfd mapping, capture thread, SysV
 * segment or file in /dev/shm.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class X11FaultTest {

    enum Consumer { PULL, LATEST, EVERY }

    /** The SysV segments this JVM created (column cpid): other programs' come and go on a shared machine. */
    static List<String> sysvSegments() throws IOException {
        String self = Long.toString(ProcessHandle.current().pid());
        return Files.readAllLines(Path.of("/proc/sysvipc/shm")).stream().skip(1)
                .filter(line -> self.equals(line.trim().split("\\s+")[4])).toList();
    }

    /** deskdup's files in /dev/shm (other programs' come and go). */
    static List<String> devShm() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.map(Path::toString).filter(f -> f.contains("deskdup")).sorted().toList();
        }
    }

    static CaptureOptions options(VirtualDisplay xvfb) {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11);
    }

    @BeforeAll
    static void warmUp() {
        // Libraries, classes and the JDK's own helpers (process reaper, pools) in place before any baseline.
        try (VirtualDisplay xvfb = VirtualDisplay.start(64, 48);
             ScreenCapture capture = ScreenCapture.open(options(xvfb))) {
            capture.acquire(1, TimeUnit.SECONDS).release();
            capture.stream(frame -> { }).stop();
        }
    }

    @ParameterizedTest
    @EnumSource(Consumer.class)
    void serverKilledMidStreamIsACaptureErrorWithinOneSecondAndLeavesNothingBehind(Consumer consumer)
            throws Exception {
        List<String> sysvBefore = sysvSegments();
        List<String> shmBefore = devShm();
        ProcessResources before = ProcessResources.now();
        VirtualDisplay xvfb = VirtualDisplay.start(640, 480);
        xvfb.startScene(); // moving content: change tracking delivers frames only when something changes
        try (ScreenCapture capture = ScreenCapture.open(options(xvfb).delivery(
                consumer == Consumer.EVERY ? Delivery.EVERY : Delivery.LATEST))) {
            Throwable failure;
            long endedAfterMillis;
            if (consumer == Consumer.PULL) {
                for (int i = 0; i < 20; i++) {
                    capture.acquire(1, TimeUnit.SECONDS).release();
                }
                long killedAt = kill(xvfb);
                failure = null;
                while (failure == null && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(5)) {
                    try {
                        Frame frame = capture.acquire(1, TimeUnit.SECONDS);
                        if (frame != null) {
                            frame.release(); // a frame read before the server died
                        }
                    } catch (CaptureException e) {
                        failure = e;
                    }
                }
                endedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
            } else {
                AtomicInteger frames = new AtomicInteger();
                CaptureStream stream = capture.stream(frame -> frames.incrementAndGet());
                while (frames.get() < 20) {
                    Thread.sleep(2);
                }
                long killedAt = kill(xvfb);
                assertThat(stream.await(Duration.ofSeconds(5))).as("stream ended").isTrue();
                endedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
                failure = stream.failure();
            }
            assertThat(endedAfterMillis).as("the error came within a second of the kill").isLessThan(1000);
            assertThat(failure).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("display=" + xvfb.display());
        } finally {
            xvfb.close();
        }
        assertThat(xvfb.isAlive()).isFalse();
        assertThat(ProcessResources.leakedSince(before)).as("left behind").isEmpty();
        assertThat(sysvSegments()).isEqualTo(sysvBefore);
        assertThat(devShm()).isEqualTo(shmBefore);
    }

    private static long kill(VirtualDisplay xvfb) {
        long killedAt = System.nanoTime();
        ProcessHandle.of(xvfb.pid()).orElseThrow().destroyForcibly();
        return killedAt;
    }

    @Test
    void captureAndCloseLeaveNoSharedMemoryBehind() throws Exception {
        List<String> sysvBefore = sysvSegments();
        List<String> shmBefore = devShm();
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240)) {
            for (int i = 0; i < 3; i++) {
                try (ScreenCapture capture = ScreenCapture.open(options(xvfb).slots(4))) {
                    capture.acquire(1, TimeUnit.SECONDS).release();
                }
            }
        }
        assertThat(sysvSegments()).isEqualTo(sysvBefore);
        assertThat(devShm()).isEqualTo(shmBefore);
    }
}
