package dev.deskdup.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a child JVM: what only a real process shows (pipes, signals, the environment). */
class ProcessTest {

    @Test
    void closedPipeEndsTheStreamQuietlyWithExit0() throws Exception {
        Cli.Result result = Cli.bash("deskdup stream --source synthetic --screen-size 320x240 2>err.txt "
                + "| head -c 100 | wc -c; echo \"exit=${PIPESTATUS[0]}\"; cat err.txt >&2; rm -f err.txt",
                Map.of());

        assertThat(result.out().lines().map(String::trim)).containsExactly("100", "exit=0");
        assertThat(result.err().lines()).containsExactly("-f rawvideo -pix_fmt bgra -s 320x240 -r 30 -i -");
    }

    @Test
    void virtualXvfbIsStoppedWhenTheProcessIsTerminated(@TempDir Path dir) throws Exception {
        Path errFile = dir.resolve("err.txt");
        Process process = new ProcessBuilder(Cli.javaCommand("stream", "--virtual", "--screen-size", "320x240",
                "--out", "/dev/null")).redirectError(errFile.toFile()).start();
        try {
            String ffmpegArgs = "-f rawvideo -pix_fmt bgra -s 320x240 -r 30 -i -\n";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(errFile).contains("\n") && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);   // the line comes once the capture is open, so Xvfb is up
            }
            assertThat(Files.readString(errFile)).isEqualTo(ffmpegArgs);
            List<ProcessHandle> xvfbs = process.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("Xvfb")).toList();
            assertThat(xvfbs).hasSize(1);

            process.destroy();   // SIGTERM, as Ctrl-C or a service manager would
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            xvfbs.getFirst().onExit().get(10, TimeUnit.SECONDS);
            assertThat(xvfbs.getFirst().isAlive()).as("Xvfb still running after deskdup ended").isFalse();
            assertThat(Files.readString(errFile)).as("stderr: nothing after a requested stop").isEqualTo(ffmpegArgs);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withoutAnyDisplayStreamFallsBackToAPrivateXvfbAndSaysSo() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", null);
        env.put("WAYLAND_DISPLAY", null);       // and not a Wayland session either (that captures the portal)
        env.put("XDG_SESSION_TYPE", null);
        Cli.Result result = Cli.bash("deskdup stream --screen-size 160x120 --frames 4 | wc -c", env);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(String.valueOf(4 * 160 * 120 * 4));
        assertThat(result.err()).contains("no display", "private Xvfb", "--virtual")
                .doesNotContain("WARNING");
    }
}
