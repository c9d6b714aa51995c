package dev.deskdup.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodeTest {

    @Test
    void unknownOptionIsAUsageErrorWithExit2() {
        Cli.Result result = Cli.run("stream", "--no-such-option");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--no-such-option'", "deskdup stream --help");
    }

    @Test
    void missingCommandIsAUsageErrorWithExit2() {
        assertThat(Cli.run().exitCode()).isEqualTo(2);
    }

    @Test
    void malformedRegionIsAUsageErrorWithExit2NamingTheValue() {
        Cli.Result result = Cli.run("screenshot", "x.png", "--source", "synthetic", "--region", "1,2,3");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("region=1,2,3", "x,y,width,height");
    }

    @Test
    void regionWithATrailingCommaOrNonAsciiDigitsIsAUsageErrorWithExit2() {
        for (String region : new String[]{"1,2,3,4,", "\u0661,\u0662,\u0663,\u0664"}) {
            Cli.Result result = Cli.run("stream", "--source", "synthetic", "--region", region, "--frames", "1");

            assertThat(result.exitCode()).as(region).isEqualTo(2);
            assertThat(result.err()).contains("region=" + region);
            assertThat(result.stdoutBytes()).isEmpty();
        }
    }

    @Test
    void regionOffTheScreenIsAUsageErrorWithExit2() {
        Cli.Result result = Cli.run("stream", "--source", "synthetic", "--screen-size", "100x100",
                "--region", "50,50,100,100", "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("region=50,50,100,100", "screen=100x100");
        assertThat(result.stdoutBytes()).isEmpty();
    }

    @Test
    void fpsOutOfRangeIsAUsageErrorWithExit2() {
        Cli.Result result = Cli.run("stream", "--source", "synthetic", "--fps", "0");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("fps=0");
    }

    @Test
    void unreachableDisplayIsACaptureErrorWithExit3AndAClearMessage() {
        Cli.Result result = Cli.run("stream", "--display", ":987", "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("deskdup stream: error: ").contains("display=:987")
                .doesNotContain("Exception", "\tat ");
        assertThat(result.stdoutBytes()).isEmpty();
    }

    @Test
    void unreachableDisplayMakesInfoExit3Too() {
        Cli.Result result = Cli.run("info", "--display", ":987");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).startsWith("deskdup info: error: ").contains(":987");
    }

    @Test
    void helpIsAManPageWithDefaultsExamplesAndExitCodes() {
        Cli.Result result = Cli.run("stream", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage:", "Description:", "Options:", "(default: 30)", "Exit Codes:",
                "3   Capture error", "Examples:", "ffmpeg -f rawvideo");
    }
}
