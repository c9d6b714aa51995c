package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The programs in {@code examples/} run as their README says (the JDK's source launcher, the library on the class
 * path, {@code DISPLAY}/{@code XAUTHORITY} of a private Xvfb) and print what they promise.
 */
@WithXvfb(width = 800, height = 600)
@Timeout(120)
class ExamplesTest {

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static VirtualDisplay xvfb;

    @BeforeAll
    static void scene(VirtualDisplay display) {
        xvfb = display;
        xvfb.startScene();
    }

    private static String run(String example, String... args) throws IOException, InterruptedException {
        Path source = EXAMPLES.resolve(example);
        assertThat(source).exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                source.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(xvfb.clientEnvironment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void pullFramesPrintsEachFrameAndTheCapturesInfo() throws Exception {
        String out = run("PullFrames.java", "5");
        assertThat(out).containsPattern("frame 1: 640x480, stride 2560, top-left 0x[0-9a-f]{8}, 1 dirty rect")
                .contains("CaptureInfo[source=x11");
    }

    @Test
    void watchChangesSeesTheSceneMoveWithItsCursor() throws Exception {
        String out = run("WatchChanges.java", "2");
        assertThat(out).containsPattern("frame \\d+: \\d+ changed pixels, cursor at \\d+,\\d+")
                .containsPattern("\\d+ frames, \\d+ dropped, \\d+ changed pixels, \\d+ bytes copied");
    }

    @Test
    void shareWithReadersReadsBackWhatItPublishes() throws Exception {
        String out = run("ShareWithReaders.java", "5");
        assertThat(out).contains("publishing 800x600 into /dev/shm/deskdup-example (os-direct)")
                .containsPattern("read frame \\d+: 800x600");
        assertThat(Path.of("/dev/shm/deskdup-example")).doesNotExist();
    }
}
