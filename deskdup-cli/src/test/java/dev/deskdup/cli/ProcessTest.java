package dev.deskdup.cli;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
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
    void virtualXvfbIsStoppedWhenTheProcessIsTerminated() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Cli.javaCommand("stream", "--virtual", "--screen-size", "320x240",
                "--out", "/dev/null"));
        Process process = pb.start();
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String firstLine = err.readLine();   // printed once the capture is open: Xvfb is up
            assertThat(firstLine).isEqualTo("-f rawvideo -pix_fmt bgra -s 320x240 -r 30 -i -");
            List<ProcessHandle> xvfbs = process.descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("Xvfb")).toList();
            assertThat(xvfbs).hasSize(1);

            process.destroy();   // SIGTERM, as Ctrl-C or a service manager would
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            xvfbs.getFirst().onExit().get(10, TimeUnit.SECONDS);
            assertThat(xvfbs.getFirst().isAlive()).as("Xvfb still running after deskdup ended").isFalse();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void withoutAnyDisplayStreamFallsBackToAPrivateXvfbAndSaysSo() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", null);
        Cli.Result result = Cli.bash("deskdup stream --screen-size 160x120 --frames 4 | wc -c", env);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).isEqualTo(String.valueOf(4 * 160 * 120 * 4));
        assertThat(result.err()).contains("no display", "private Xvfb", "--virtual")
                .doesNotContain("WARNING");
    }
}
