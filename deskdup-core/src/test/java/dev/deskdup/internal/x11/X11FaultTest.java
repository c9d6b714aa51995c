package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The X server dies mid-stream: the stream ends with a capture error, promptly, and nothing is left behind. */
class X11FaultTest {

    static List<String> sysvSegments() throws IOException {
        return Files.readAllLines(Path.of("/proc/sysvipc/shm")).stream().skip(1).toList();
    }

    static List<String> devShm() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
            return files.map(Path::toString).sorted().toList();
        }
    }

    @Test
    void serverKilledWhileStreamingEndsStreamWithCaptureExceptionWithinOneSecond() throws Exception {
        List<String> sysvBefore = sysvSegments();
        List<String> shmBefore = devShm();
        VirtualDisplay xvfb = VirtualDisplay.start(640, 480);
        xvfb.startScene(); // moving content: change tracking delivers frames only when something changes
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11))) {
            AtomicInteger frames = new AtomicInteger();
            CaptureStream stream = capture.stream(frame -> frames.incrementAndGet());
            while (frames.get() < 20) {
                Thread.sleep(2);
            }
            long killedAt = System.nanoTime();
            ProcessHandle.of(xvfb.pid()).orElseThrow().destroyForcibly();
            assertThat(stream.await(Duration.ofSeconds(1))).as("stream ended within 1 s").isTrue();
            long endedAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
            assertThat(endedAfterMillis).isLessThan(1000);
            assertThat(stream.failure()).isInstanceOf(CaptureException.class)
                    .hasMessageContaining("display=" + xvfb.display());
        } finally {
            xvfb.close();
        }
        assertThat(xvfb.isAlive()).isFalse();
        assertThat(sysvSegments()).isEqualTo(sysvBefore);
        assertThat(devShm()).isEqualTo(shmBefore);
    }

    @Test
    void captureAndCloseLeaveNoSharedMemoryBehind() throws Exception {
        List<String> sysvBefore = sysvSegments();
        List<String> shmBefore = devShm();
        try (VirtualDisplay xvfb = VirtualDisplay.start(320, 240)) {
            for (int i = 0; i < 3; i++) {
                try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                        .source(CaptureOptions.SOURCE_X11).slots(4))) {
                    capture.acquire(1, java.util.concurrent.TimeUnit.SECONDS).release();
                }
            }
        }
        assertThat(sysvSegments()).isEqualTo(sysvBefore);
        assertThat(devShm()).isEqualTo(shmBefore);
    }
}
