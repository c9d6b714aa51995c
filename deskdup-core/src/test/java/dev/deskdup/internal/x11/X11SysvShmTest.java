package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.internal.x11.X11Source;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SysV fallback marks its segments for removal once the server has attached them, so a JVM killed with
 * SIGKILL leaves nothing behind.
 */
class X11SysvShmTest {

    /** Child JVM: capture one frame over SysV shm, say READY, then wait to be killed. */
    public static void main(String[] args) throws Exception {
        ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(args[0])
                .source(CaptureOptions.SOURCE_X11).slots(2));
        Frame frame = capture.acquire(1, TimeUnit.SECONDS);
        System.out.println("READY " + frame.width());
        System.out.flush();
        Thread.sleep(60_000);
    }

    /** The SysV segments created by process {@code pid} (column cpid of /proc/sysvipc/shm). */
    static List<String> segmentsOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/sysvipc/shm")).stream().skip(1)
                .filter(line -> line.trim().split("\\s+")[4].equals(Long.toString(pid))).toList();
    }

    @Test
    void sysvSegmentsVanishWhenTheJvmIsKilled() throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(160, 120)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                    "-D" + X11Source.SYSV_PROPERTY + "=true", "-cp", System.getProperty("java.class.path"),
                    X11SysvShmTest.class.getName(), xvfb.display()).redirectErrorStream(true);
            builder.environment().putAll(xvfb.clientEnvironment());
            Process child = builder.start();
            try {
                String line = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
                assertThat(line).isEqualTo("READY 160");
                // two slots, and the scratch that change tracking fetches sub-rectangles into
                assertThat(segmentsOf(child.pid())).as("two SysV slots + scratch while capturing").hasSize(3);
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!segmentsOf(child.pid()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(segmentsOf(child.pid())).isEmpty();
        }
    }
}
