package dev.deskdup.cli.bench;

import dev.deskdup.cli.DeskdupCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code deskdup bench} end to end, on a tiny configuration so that it stays fast. */
class BenchCommandTest {

    @TempDir
    Path out;

    private final StringWriter stdout = new StringWriter();
    private final StringWriter stderr = new StringWriter();

    private int bench(String... args) {
        CommandLine cl = DeskdupCommand.commandLine();
        cl.setOut(new PrintWriter(stdout, true));
        cl.setErr(new PrintWriter(stderr, true));
        List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        return cl.execute(all.toArray(String[]::new));
    }

    @Test
    void anOutputThatIsADirectoryIsRefusedBeforeTheRun() throws Exception {
        Files.createDirectory(out.resolve("bench.png"));

        int code = bench("--sizes", "320x240", "--frames", "10", "--out", out.toString());

        assertThat(code).isEqualTo(2);
        assertThat(stderr.toString()).contains("bench.png is a directory, not a regular file");
        assertThat(stdout.toString()).isEmpty();
        assertThat(out.resolve("bench.png")).isEmptyDirectory();
    }

    @Test
    void tinyRunWritesTableJsonAndChartAndStopsItsXvfb() throws Exception {
        int code = bench("--sizes", "320x240", "--frames", "40", "--rounds", "2", "--warmup", "10",
                "--out", out.toString());

        assertThat(code).as("exit code; stderr: %s", stderr).isZero();
        String table = stdout.toString();
        assertThat(table).startsWith("| Size | Contender |");
        String json = Files.readString(out.resolve("bench.json"));
        assertThat(Files.readString(out.resolve("bench.md"))).isEqualTo(table);
        for (Supplier<Contender> factory : BenchRunner.allContenders(1)) {
            Contender c = factory.get();
            assertThat(table).contains("| 320x240 | " + c.name() + " |");
            // Every contender is in the JSON: with figures, or skipped with a reason.
            Matcher m = Pattern.compile("\"id\": \"" + c.id() + "\",\\s*\"contender\": \"[^\"]*\",\\s*\"method\": \"[^\"]+\",\\s*"
                    + "\"status\": \"(ok|skipped)\",\\s*\"(frames|reason)\": (\\d+|\"[^\"]+\")").matcher(json);
            assertThat(m.find()).as("%s in %s", c.id(), json).isTrue();
            assertThat(m.group(1).equals("ok")).isEqualTo(m.group(2).equals("frames"));
        }
        // The floor and deskdup itself (full-frame and damage) need nothing but the Xvfb the command started: they
        // must have run.
        assertThat(table).containsPattern("\\| 320x240 \\| floor: MemorySegment.copy of a frame \\| 40 \\|");
        assertThat(table).containsPattern("\\| 320x240 \\| deskdup full-frame pull \\| 40 \\|");
        assertThat(table).containsPattern("\\| 320x240 \\| deskdup damage \\(64×64 moving square\\) \\| 40 \\|")
                .containsPattern("\\| 320x240 \\| deskdup damage \\(full-screen change\\) \\| 40 \\|");

        BufferedImage chart = ImageIO.read(out.resolve("bench.png").toFile());
        assertThat(chart).isNotNull();
        assertThat(chart.getWidth()).isGreaterThan(100);

        Matcher pids = Pattern.compile("\"xvfbPids\": \\[\\s*(\\d+)\\s*]").matcher(json);
        assertThat(pids.find()).as("xvfbPids in %s", json).isTrue();
        long pid = Long.parseLong(pids.group(1));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("Xvfb pid %d still running after the bench", pid).isFalse();
    }

    @Test
    void framesAndSecondsTogetherIsAUsageError() {
        assertThat(bench("--frames", "10", "--seconds", "1", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("choose one");
    }

    @Test
    void malformedSizesIsAUsageError() {
        assertThat(bench("--sizes", "320by240", "--out", out.toString())).isEqualTo(2);
        assertThat(stderr.toString()).contains("'320by240' is not WIDTHxHEIGHT");
    }

    @Test
    void helpReadsLikeAManPage() {
        assertThat(bench("--help")).isZero();
        assertThat(stdout.toString())
                .contains("Usage:", "Description:", "Options:", "Examples:", "Exit Codes:")
                .contains("--sizes", "1280x720,1920x1080,3840x2160", "--frames", "--seconds", "--out")
                .contains("java.awt.Robot", "x11grab", "MemorySegment.copy");
    }
}
