package dev.deskdup.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command's --help is a man page that names its options, their defaults, and shows them in examples. */
class HelpTest {

    private static String help(String... command) {
        String[] args = new String[command.length + 1];
        System.arraycopy(command, 0, args, 0, command.length);
        args[command.length] = "--help";
        Cli.Result result = Cli.run(args);
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage:", "Description:", "Options:", "Examples:", "Exit Codes:");
        return result.out().replaceAll("\\s+", " ");   // phrases may wrap anywhere
    }

    @Test
    void infoHelpDescribesTheMonitorLines() {
        assertThat(help("info")).contains("monitors: 2", "WIDTHxHEIGHT+X+Y", "primary", "--monitor");
    }

    @Test
    void screenshotHelpNamesMonitorAndCursorWithTheirDefaults() {
        assertThat(help("screenshot")).contains("--monitor=NAME|INDEX", "Not with --region", "--cursor=MODE",
                "(default: composited)", "separate", "deskdup screenshot left.png --monitor DP-1",
                "--cursor none", "idle screen");
    }

    @Test
    void streamHelpNamesMonitorCursorAndFullFrameAndSaysOnlyChangesAreCopied() {
        assertThat(help("stream")).contains("--monitor=NAME|INDEX", "--cursor=MODE", "(default: none)",
                "--full-frame", "only what changed on the screen is copied", "written again",
                "deskdup stream --monitor DP-1 --cursor composited", "deskdup stream --full-frame");
    }

    @Test
    void streamHelpDocumentsTheResizePolicies() {
        assertThat(help("stream")).contains("--on-resize=POLICY", "scale: stretch", "pad: scale keeping the aspect "
                + "ratio", "crop: pixel for pixel", "stop: end with exit code 3", "(default: scale)",
                "deskdup stream --monitor 0 --on-resize stop");
    }

    @Test
    void recordHelpNamesItsOptionsDefaultsCodecsAndOneExamplePerProtocol() {
        assertThat(help("record")).contains("OUT", "--publish=URL", "--fps=N", "(default: 30)", "--duration=D",
                "--codec=C", "(default: libx264)", "libx265", "libvpx-vp9", "libsvtav1", "ffv1", "--crf=Q",
                "--preset=P", "--pixel-format=FORMAT", "(default: yuv420p)", "--on-resize=POLICY", "--ffmpeg=PATH",
                "fragmented", "Ctrl-C", "deskdup record demo.mp4 --duration 10s",
                "--publish rtmp://", "--publish rtsp://", "--publish 'srt://", "--publish udp://",
                "--publish tcp://", "ffplay -listen 1 rtmp://");
    }

    @Test
    void infoHelpDescribesTheCaptureLineAndCheck() {
        assertThat(help("info")).contains("'capture' line", "--check", "exits with 3");
    }

    @Test
    void windowsHelpDescribesTheColumnsStatesAndJson() {
        assertThat(help("windows")).contains("topmost first", "'visible'", "'hidden'", "'unmapped'", "--all",
                "--json", "idDecimal", "deskdup screenshot editor.png --window 0x1a00003");
    }

    @Test
    void everyCapturingCommandsHelpNamesTheWindowOptions() {
        for (String command : new String[]{"screenshot", "stream", "record", "serve", "share"}) {
            assertThat(help(command)).contains("--window=ID|TITLE", "pid:N, title:TEXT", "--window-frame",
                    "Not with --region or --monitor");
        }
    }

    @Test
    void benchHelpNoLongerSaysDamageIsSkipped() {
        assertThat(help("bench")).contains("deskdup damage", "change tracking off")
                .doesNotContain("Skipped while the library has no change tracking");
    }

    @Test
    void topLevelHelpShowsTheNewOptionsInExamples() {
        assertThat(help()).contains("--monitor 0 --cursor none", "--monitor DP-1 --cursor composited");
    }

    @Test
    void exitCodesNameTheNewUsageErrors() {
        assertThat(help("stream")).contains("unknown monitor, --region with --monitor");
    }
}
