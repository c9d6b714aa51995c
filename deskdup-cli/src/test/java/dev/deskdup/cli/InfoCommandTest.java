package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Monitor;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.WithXvfb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@WithXvfb(width = 800, height = 600)
class InfoCommandTest {

    private static VirtualDisplay xvfb;

    @BeforeAll
    static void startXvfb(VirtualDisplay display) throws Exception {
        xvfb = display;
        // A second monitor, so the list shows more than Xvfb's own "screen".
        Cli.xrandr(xvfb, "--setmonitor", "right-half", "400/100x600/100+400+0", "none");
    }


    @Test
    void printsScreenDepthVisualAndEveryCaptureExtension() {
        Cli.Result result = Cli.run("info", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString());

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

    @Test
    void aCapturableDisplaySaysSoAndPassesTheCheck() {
        Cli.Result result = Cli.run("info", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--check");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out().lines()).contains("capture:  yes");
    }

    @Test
    void aDepth16DisplaySaysItCannotBeCapturedAndExits0() {
        try (VirtualDisplay depth16 = VirtualDisplay.start(320, 240, List.of("-screen", "0", "320x240x16"))) {
            Cli.Result result = Cli.run("info", "--display", depth16.display(), "--xauthority", depth16.xauthority().toString());

            assertThat(result.exitCode()).as(result.err()).isZero();
            assertThat(result.out().lines()).contains("depth:    16 (16 bits per pixel)")
                    .anySatisfy(line -> assertThat(line).startsWith("capture:  no: unsupported visual: depth=16")
                            .contains("depth-24/32 TrueColor", "WxHx24"));
        }
    }

    @Test
    void aDepth16DisplayFailsTheCheckWithExit3() {
        try (VirtualDisplay depth16 = VirtualDisplay.start(320, 240, List.of("-screen", "0", "320x240x16"))) {
            Cli.Result result = Cli.run("info", "--display", depth16.display(), "--xauthority", depth16.xauthority().toString(), "--check");

            assertThat(result.exitCode()).isEqualTo(3);
            assertThat(result.out()).contains("capture:  no");
            assertThat(result.err()).contains("display " + depth16.display() + " cannot be captured: unsupported "
                    + "visual: depth=16");
        }
    }

    @Test
    void printsOneLinePerMonitorWithIndexNameGeometryAndPrimaryMark() {
        List<Monitor> monitors = DisplayInfo.query(CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())).monitors();
        assertThat(monitors).extracting(Monitor::name).contains("right-half");

        Cli.Result result = Cli.run("info", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        List<String> lines = result.out().lines().toList();
        int at = lines.indexOf("monitors: " + monitors.size());
        assertThat(at).as("'monitors: %d' in %s", monitors.size(), result.out()).isPositive();
        assertThat(lines).hasSize(at + 1 + monitors.size());
        for (Monitor m : monitors) {
            String line = lines.get(at + 1 + m.index());
            assertThat(line).as("monitor %s", m)
                    .matches("  " + m.index() + "  " + m.name() + " +" + m.width() + "x" + m.height() + "\\+"
                            + m.x() + "\\+" + m.y() + (m.primary() ? " +primary" : ""));
        }
        assertThat(result.out()).containsPattern("\n  \\d+  right-half +400x600\\+400\\+0\n");
    }

    @Test
    void monitorLinesAlignNamesAndMarkThePrimary() {
        Monitor dp = new Monitor(0, "DP-1", 0, 0, 1920, 1080, true);
        Monitor hdmi = new Monitor(1, "HDMI-1", 1920, 0, 1280, 1024, false);

        assertThat(InfoCommand.monitorLine(dp, 6)).isEqualTo("  0  DP-1    1920x1080+0+0     primary");
        assertThat(InfoCommand.monitorLine(hdmi, 6)).isEqualTo("  1  HDMI-1  1280x1024+1920+0");
    }

    @Test
    void withoutRandR15ItSaysNoMonitorsAreListed() {
        DisplayInfo info = new DisplayInfo(":9", 640, 480, 24, 32, "TrueColor", true, "1.2", true, "1.1", "6.0",
                null, List.of(), "x11", List.of(), null);
        StringWriter text = new StringWriter();

        InfoCommand.print(info, new PrintWriter(text, true));

        assertThat(text.toString()).contains("RandR:    absent").containsPattern("monitors: none listed");
    }

    @Test
    void anotherBackendShowsItsFeaturesAndMonitorsButNoX11Fields() {
        DisplayInfo info = new DisplayInfo("\\\\.\\DISPLAY1", 1920, 1080, 32, 32, "n/a", false, null, false, null,
                null, null, List.of(new Monitor(0, "DISPLAY1", 0, 0, 1920, 1080, true)), "dxgi",
                List.of(Feature.on("duplication", "IDXGIOutput1 1.2"), Feature.off("cursor", "not yet")),
                "the desktop is locked (unlock it)");
        StringWriter text = new StringWriter();

        InfoCommand.print(info, new PrintWriter(text, true));

        assertThat(text.toString().lines()).containsExactly(
                "display:    \\\\.\\DISPLAY1",
                "source:     dxgi",
                "screen:     1920x1080",
                "capturable: no: the desktop is locked (unlock it)",
                "features:",
                "  duplication  on   IDXGIOutput1 1.2",
                "  cursor       off  not yet",
                "monitors: 1",
                "  0  DISPLAY1  1920x1080+0+0     primary");
    }
}
