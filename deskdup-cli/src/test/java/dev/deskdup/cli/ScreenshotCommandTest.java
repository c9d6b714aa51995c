package dev.deskdup.cli;

import dev.deskdup.VirtualDisplay;
import dev.deskdup.source.synthetic.SyntheticSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ScreenshotCommandTest {

    private static VirtualDisplay xvfb;

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvfb() {
        xvfb = VirtualDisplay.start(640, 480);
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) {
            xvfb.close();
        }
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
                int expected = SyntheticSource.pixel(1, x + 10, y + 20) & 0xFFFFFF;
                assertThat(image.getRGB(x, y) & 0xFFFFFF).as("pixel (%d,%d)", x, y).isEqualTo(expected);
            }
        }
    }

    @Test
    void pngHoldsWhatIsDrawnOnTheXScreen() throws IOException {
        Cli.paint(xvfb.display(), 0, 0, 640, 480, 0x336699);
        Path png = dir.resolve("x11.png");

        Cli.Result result = Cli.run("screenshot", png.toString(), "--display", xvfb.display(),
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
}
