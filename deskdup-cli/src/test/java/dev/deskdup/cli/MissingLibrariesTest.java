package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On a machine without the optional XCB libraries (libxcb-damage, libxcb-randr), capture still works: full
 * frames, exact pixels, and {@code info} says which features are off and why. The machine is simulated for the
 * CLI, run as a child JVM in a private mount namespace where {@code /dev/null} is bound over both libraries, so
 * {@code dlopen} fails as it would if they were not installed (needs root and {@code unshare}; skipped, saying so,
 * otherwise).
 */
@WithXvfb(width = MissingLibrariesTest.W, height = MissingLibrariesTest.H)
@Timeout(120)
class MissingLibrariesTest {

    static final int W = 160;
    static final int H = 120;
    private static final String[] HIDDEN = {"libxcb-damage.so.0", "libxcb-randr.so.0"};

    private static VirtualDisplay xvfb;
    private static List<Path> hidden;

    @BeforeAll
    static void drawAPattern(VirtualDisplay display, X11Painter painter) throws Exception {
        xvfb = display;
        painter.fillRect(0, 0, W, H, 0x102030);
        painter.fillRect(0, 0, 7, 5, 0xFF0000);
        painter.fillRect(W - 9, H - 4, 9, 4, 0x00FF00);
        painter.fillRect(40, 30, 50, 20, 0x0000FF);
        painter.sync();
        hidden = new ArrayList<>();
        for (String library : HIDDEN) {
            hidden.add(locate(library));
        }
    }

    /** The real file behind a library's soname, from the dynamic linker's cache. */
    private static Path locate(String soname) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
        String cache = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(10, TimeUnit.SECONDS);
        for (String line : cache.lines().toList()) {
            if (line.trim().startsWith(soname + " ") && line.contains("=> ")) {
                return Path.of(line.substring(line.indexOf("=> ") + 3).trim()).toRealPath();
            }
        }
        throw new AssertionError(soname + " is not installed here, so it cannot be hidden; install it (.ci/run does)");
    }

    private static boolean canHideLibraries() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("unshare", "-m", "true").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    /** Runs the CLI with the libraries hidden; returns stdout + stderr and the exit code. */
    private static Cli.Result runWithoutLibraries(String... args) throws Exception {
        assumeTrue(canHideLibraries(), "skipped: hiding libraries needs root and unshare -m (a private mount "
                + "namespace); this test runs as root in CI (bash .ci/run)");
        StringBuilder mounts = new StringBuilder();
        for (Path library : hidden) {
            mounts.append("mount --bind /dev/null '").append(library).append("' && ");
        }
        List<String> command = new ArrayList<>(List.of("unshare", "-m", "sh", "-c", mounts + "exec \"$@\"", "sh"));
        command.addAll(Cli.javaCommand(args));
        Process p = new ProcessBuilder(command).start();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), err, out);
    }

    private static String[] display(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString()));
        return all.toArray(String[]::new);
    }

    private static int expected(int x, int y) {
        if (x < 7 && y < 5) {
            return 0xFF0000;
        }
        if (x >= W - 9 && y >= H - 4) {
            return 0x00FF00;
        }
        if (x >= 40 && x < 90 && y >= 30 && y < 50) {
            return 0x0000FF;
        }
        return 0x102030;
    }

    @Test
    void infoSaysWhichFeaturesAreOffAndWhy() throws Exception {
        Cli.Result result = runWithoutLibraries(display("info"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("damage +off +library=libxcb-damage\\.so\\.0 cannot be loaded")
                .containsPattern("monitors +off +library=libxcb-randr\\.so\\.0 cannot be loaded")
                .contains("apt-get install libxcb-damage0", "apt-get install libxcb-randr0");
        assertThat(result.err()).doesNotContain("Exception", "Error");
    }

    @Test
    void screenshotCapturesExactPixelsWithoutThem(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("shot.png");
        Cli.Result result = runWithoutLibraries(display("screenshot", png.toString(), "--cursor", "none"));

        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(W);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel %d,%d", x, y).isEqualTo(expected(x, y));
            }
        }
    }

    @Test
    void streamCapturesExactFullFramesWithoutThem(@TempDir Path dir) throws Exception {
        Path raw = dir.resolve("frames.bgra");
        Cli.Result result = runWithoutLibraries(display("stream", "--frames", "3", "--fps", "20", "--out",
                raw.toString()));

        assertThat(result.exitCode()).as(result.err()).isZero();
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(3 * W * H * 4);
        for (int frame = 0; frame < 3; frame++) {
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    int bgra = bytes.getInt(((frame * H + y) * W + x) * 4);
                    assertThat(bgra & 0xFFFFFF).as("frame %d pixel %d,%d", frame, x, y).isEqualTo(expected(x, y));
                }
            }
        }
    }
}
