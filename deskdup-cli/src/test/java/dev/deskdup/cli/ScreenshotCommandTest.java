package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Monitor;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.SyntheticPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@WithXvfb(width = 640, height = 480)
class ScreenshotCommandTest {

    private static VirtualDisplay xvfb;

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvfb(VirtualDisplay display) throws Exception {
        xvfb = display;
        Cli.xrandr(xvfb, "--setmonitor", "box", "200/100x100/100+50+60", "none");
    }


    @Test
    void pngHoldsTheSyntheticPatternOfTheRegionPixelForPixel() throws IOException {
        Path png = dir.resolve("pattern.png");

        Cli.Result result = Cli.run("screenshot", png.toString(), "--source", "synthetic",
                "--screen-size", "320x240", "--region", "10,20,64,48");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("pattern.png 64x48");
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(64);
        assertThat(image.getHeight()).isEqualTo(48);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                int expected = SyntheticPattern.pixel(1, x + 10, y + 20) & 0xFFFFFF;
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d,%d)", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void pngHoldsWhatIsDrawnOnTheXScreen() throws IOException {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x336699);
        Path png = dir.resolve("x11.png");

        Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                "--region", "100,50,200,100");

        assertThat(result.exitCode()).as(result.err()).isZero();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(200);
        assertThat(image.getHeight()).isEqualTo(100);
        for (int y = 0; y < 100; y += 7) {
            for (int x = 0; x < 200; x += 7) {
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d,%d)", x, y).isEqualTo(0x336699);
            }
        }
    }

    @Test
    void monitorByNameOrIndexGivesThatMonitorsSizeAndPixels() throws IOException {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x202020);
        Cli.paint(xvfb, 50, 60, 200, 100, 0x00A0FF);
        Monitor box = DisplayInfo.query(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())).monitors().stream()
                .filter(m -> m.name().equals("box")).findFirst().orElseThrow();

        for (String monitor : new String[]{"box", String.valueOf(box.index())}) {
            Path png = dir.resolve("monitor-" + monitor + ".png");
            Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                    "--monitor", monitor, "--cursor", "none");

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out()).contains(png.getFileName() + " 200x100");
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(200);
            assertThat(image.getHeight()).isEqualTo(100);
            assertUniform(image, 0x00A0FF);
        }
    }

    @Test
    void xvfbsOwnMonitorIsTheWholeScreen() throws IOException {
        Monitor first = DisplayInfo.query(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())).monitors().getFirst();
        Path png = dir.resolve("first.png");

        Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--monitor", "0");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("first.png " + first.width() + "x" + first.height());
    }

    @Test
    void unknownMonitorIsAUsageErrorListingTheMonitors() {
        Path png = dir.resolve("none.png");

        Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                "--monitor", "DP-9");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("monitor=DP-9 not found", "=box");
        assertThat(png).doesNotExist();
    }

    @Test
    void monitorWithRegionIsAUsageError() {
        Cli.Result result = Cli.run("screenshot", dir.resolve("x.png").toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                "--monitor", "box", "--region", "0,0,10,10");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--region 0,0,10,10 and --monitor box", "choose one",
                "deskdup screenshot --help");
    }

    @Test
    void monitorOfTheSyntheticPatternIsAUsageError() {
        Cli.Result result = Cli.run("screenshot", dir.resolve("x.png").toString(), "--source", "synthetic",
                "--monitor", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("monitor=0", "source=synthetic");
    }

    @Test
    void anIdleScreenIsCapturedAtOnceThoughChangeTrackingWaitsForChanges() throws Exception {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x4080C0);
        Thread.sleep(300);   // nothing changes from here on
        Path png = dir.resolve("idle.png");

        long start = System.nanoTime();
        Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                "--region", "0,0,100,100", "--timeout-ms", "20000");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(millis).as("screenshot of an idle screen took %d ms (timeout 20000)", millis).isLessThan(5000);
        assertUniform(ImageIO.read(png.toFile()), 0x4080C0);
    }

    @Test
    void cursorIsCompositedByDefaultAndLeftOutWithNone() throws IOException {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x808080);   // Xvfb's pointer rests at the centre
        Path with = dir.resolve("with.png");
        Path without = dir.resolve("without.png");

        Cli.Result r1 = Cli.run("screenshot", with.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString());
        Cli.Result r2 = Cli.run("screenshot", without.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--cursor", "none");

        assertThat(r1.exitCode()).as(r1.err()).isZero();
        assertThat(r2.exitCode()).as(r2.err()).isZero();
        assertUniform(ImageIO.read(without.toFile()), 0x808080);
        BufferedImage image = ImageIO.read(with.toFile());
        int differing = 0;
        for (int y = 240 - 40; y < 240 + 40; y++) {
            for (int x = 320 - 40; x < 320 + 40; x++) {
                differing += (image.getRGB(x, y) & 0xFFFFFF) != 0x808080 ? 1 : 0;
            }
        }
        assertThat(differing).as("cursor pixels around the pointer").isPositive();
    }

    @Test
    void separateCursorLeavesTheImageAloneAndPrintsWhereThePointerIs() throws IOException {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x808080);
        Path png = dir.resolve("separate.png");

        Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                "--cursor", "separate");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().trim()).matches(".*separate\\.png 640x480 cursor \\d+,\\d+");
        assertUniform(ImageIO.read(png.toFile()), 0x808080);
    }

    @Test
    void unknownCursorModeIsAUsageError() {
        Cli.Result result = Cli.run("screenshot", "x.png", "--source", "synthetic", "--cursor", "shown");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cursor=shown", "none, separate or composited");
        assertThat(Files.exists(Path.of("x.png"))).isFalse();
    }

    private static void assertUniform(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) != rgb) {
                    throw new AssertionError("pixel (" + x + "," + y + "): "
                            + Integer.toHexString(image.getRGB(x, y) & 0xFFFFFF) + ", expected "
                            + Integer.toHexString(rgb));
                }
            }
        }
    }
}
