package dev.deskdup.cli;

import dev.deskdup.VirtualDisplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InfoCommandTest {

    private static VirtualDisplay xvfb;

    @BeforeAll
    static void startXvfb() {
        xvfb = VirtualDisplay.start(800, 600);
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    @Test
    void printsScreenDepthVisualAndEveryCaptureExtension() {
        Cli.Result result = Cli.run("info", "--display", xvfb.display());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines())
                .containsSubsequence(
                        "display:  " + xvfb.display(),
                        "screen:   800x600")
                .anySatisfy(line -> assertThat(line).matches("depth: +24 \\(32 bits per pixel\\)"))
                .anySatisfy(line -> assertThat(line).matches("visual: +\\w+"))
                .anySatisfy(line -> assertThat(line).matches("MIT-SHM: +(absent|\\d+\\.\\d+ \\(fd passing: (yes|no)\\))"))
                .anySatisfy(line -> assertThat(line).matches("DAMAGE: +(absent|\\d+\\.\\d+)"))
                .anySatisfy(line -> assertThat(line).matches("XFIXES: +(absent|\\d+\\.\\d+)"))
                .anySatisfy(line -> assertThat(line).matches("RandR: +(absent|\\d+\\.\\d+)"));
    }
}
