package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code deskdup record}: real Xvfb, real ffmpeg and ffprobe. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordCommandTest {

    static final int W = 320;
    static final int H = 240;
    /** Four quadrants, in colours a 4:2:0 encoder keeps well: top-left, top-right, bottom-left, bottom-right. */
    static final int[] QUADRANTS = {0xD03030, 0x30B050, 0x3050D0, 0xE0E0E0};

    private static VirtualDisplay xvfb;

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvfb() {
        xvfb = VirtualDisplay.start(W, H);
        paintQuadrants(xvfb, W, H);
    }

    @AfterAll
    static void stopXvfb() {
        if (xvfb != null) {
            xvfb.close();
        }
    }

    static void paintQuadrants(VirtualDisplay display, int w, int h) {
        Cli.paint(display, 0, 0, w / 2, h / 2, QUADRANTS[0]);
        Cli.paint(display, w / 2, 0, w - w / 2, h / 2, QUADRANTS[1]);
        Cli.paint(display, 0, h / 2, w / 2, h - h / 2, QUADRANTS[2]);
        Cli.paint(display, w / 2, h / 2, w - w / 2, h - h / 2, QUADRANTS[3]);
    }

    /** Asserts that each quadrant's centre area of a decoded frame has its colour, within codec tolerance. */
    static void assertQuadrants(byte[] rgb, int w, int h, int tolerance) {
        assertThat(rgb).hasSize(w * h * 3);
        int[][] centres = {{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
        for (int q = 0; q < 4; q++) {
            for (int dy = -8; dy <= 8; dy += 4) {
                for (int dx = -8; dx <= 8; dx += 4) {
                    int x = centres[q][0] + dx;
                    int y = centres[q][1] + dy;
                    int actual = Video.rgbAt(rgb, w, x, y);
                    assertThat(Video.near(actual, QUADRANTS[q], tolerance))
                            .as("quadrant %d at (%d,%d): %06x, drawn %06x", q, x, y, actual, QUADRANTS[q]).isTrue();
                }
            }
        }
    }

    private Cli.Result record(Path out, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("record", out.toString(),
                "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--cursor", "none"));
        args.addAll(java.util.List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void twoSecondsAtTenFpsAreTwentyFramesOfTheScreensSizeAtThatRate() throws Exception {
        Path mp4 = dir.resolve("two.mp4");

        Cli.Result result = record(mp4, "--duration", "2s", "--fps", "10");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Map<String, String> facts = Video.probe(mp4);
        assertThat(facts).containsEntry("codec_name", "h264").containsEntry("width", "" + W)
                .containsEntry("height", "" + H).containsEntry("r_frame_rate", "10/1")
                .containsEntry("nb_read_frames", "20").containsEntry("pix_fmt", "yuv420p")
                .containsEntry("color_space", "bt709");
        assertThat(result.out().trim()).matches(java.util.regex.Pattern.quote(mp4.toString())
                + " 320x240 10 fps 20 frames 2\\.0 s \\d+ bytes");
        assertThat(TestFiles.filesIn(dir)).containsExactly(mp4);
    }

    @Test
    void aDecodedFrameHasTheDrawnColours() throws Exception {
        Path mp4 = dir.resolve("colours.mp4");

        Cli.Result result = record(mp4, "--duration", "1s", "--fps", "10");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertQuadrants(Video.rgbFrame(mp4, 5), W, H, 8);
    }

    @Test
    void losslessBgraIntoFfv1KeepsEveryPixelExactly() throws Exception {
        Path mkv = dir.resolve("lossless.mkv");

        Cli.Result result = record(mkv, "--duration", "500ms", "--fps", "10", "--codec", "ffv1",
                "--pixel-format", "bgra");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertQuadrants(Video.rgbFrame(mkv, 2), W, H, 0);
    }

    @Test
    void anOddRegionIsRecordedRoundedUpToEvenFor420() throws Exception {
        Path mp4 = dir.resolve("odd.mp4");

        Cli.Result result = record(mp4, "--duration", "500ms", "--fps", "10", "--region", "150,110,101,33");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Video.probe(mp4)).containsEntry("width", "102").containsEntry("height", "34");
    }

    @Test
    void anIdleScreenIsRecordedAtTheFullRateWithRepeatedFrames() throws Exception {
        Path mkv = dir.resolve("idle.mkv");

        Cli.Result result = record(mkv, "--duration", "1500ms", "--fps", "20");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(Video.probe(mkv)).containsEntry("nb_read_frames", "30");
        byte[] all = Video.rgbFrames(mkv);
        assertThat(all).hasSize(30 * W * H * 3);
        assertQuadrants(java.util.Arrays.copyOfRange(all, 29 * W * H * 3, 30 * W * H * 3), W, H, 8);
    }

    @Test
    void aResizedScreenIsScaledIntoTheVideosSize() throws Exception {
        Path mp4 = dir.resolve("resized.mp4");
        try (VirtualDisplay own = VirtualDisplay.start(W, H)) {
            paintQuadrants(own, W, H);
            java.util.concurrent.atomic.AtomicReference<Cli.Result> result = new java.util.concurrent.atomic.AtomicReference<>();
            Thread recording = new Thread(() -> result.set(Cli.run("record", mp4.toString(), "--display",
                    own.display(), "--xauthority", own.xauthority().toString(), "--cursor", "none", "--duration", "3s", "--fps", "10")));
            recording.start();
            RecordEndingsTest.awaitRecorded(dir, 1_000, null);
            Cli.xrandr(own, "--output", "screen", "--off", "--fb", (W / 2) + "x" + H);
            paintQuadrants(own, W / 2, H);   // the same picture, half as wide
            recording.join(60_000);

            assertThat(result.get().exitCode()).as(result.get().err()).isZero();
            Map<String, String> facts = Video.probe(mp4);
            assertThat(facts).containsEntry("width", "" + W).containsEntry("height", "" + H)
                    .containsEntry("nb_read_frames", "30");
            assertQuadrants(Video.rgbFrame(mp4, 29), W, H, 8);   // stretched back to full width
        }
    }

    @Test
    void recordingAllocatesNothingPerFrameInI420AndInBgra() {
        assertNoAllocationPerFrame("yuv420p");
        assertNoAllocationPerFrame("bgra");
    }

    private void assertNoAllocationPerFrame(String pixelFormat) {
        // The same command with 600 more frames: what it allocates beyond the short run is per-frame cost. The frame
        // loop runs on the calling thread (ffmpeg's reports are read on threads of their own). A whole run allocates
        // about 3 MB, give or take a few KB from run to run (seen: 6 KB), so the difference is taken over many frames
        // and the least of three runs each.
        allocatedByRecording(dir.resolve("warm-" + pixelFormat + ".mkv"), "1s", pixelFormat);   // classes, JIT
        long shortRun = Long.MAX_VALUE;
        long longRun = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            shortRun = Math.min(shortRun,
                    allocatedByRecording(dir.resolve("short" + i + pixelFormat + ".mkv"), "500ms", pixelFormat));
            longRun = Math.min(longRun,
                    allocatedByRecording(dir.resolve("long" + i + pixelFormat + ".mkv"), "3s", pixelFormat));
        }

        assertThat((longRun - shortRun) / 600).as("%s: bytes per frame (short run %d, long run %d)", pixelFormat,
                shortRun, longRun).isLessThan(16);
    }

    /** Bytes this thread allocated to record the synthetic pattern for {@code duration} at 240 fps. */
    private static long allocatedByRecording(Path out, String duration, String pixelFormat) {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Cli.Result result = Cli.run("record", out.toString(), "--source", "synthetic", "--screen-size", "64x48",
                "--fps", "240", "--duration", duration, "--pixel-format", pixelFormat, "--codec",
                pixelFormat.equals("bgra") ? "ffv1" : "libx264", "--preset", "ultrafast");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).doesNotContain("dropped");
        return allocated;
    }

    @Test
    void aDirectoryAsOutIsAUsageError() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub.mp4"));

        Cli.Result result = record(sub, "--duration", "1s");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("OUT=" + sub + " is a directory");
    }

    @Test
    void outAndPublishTogetherOrNeitherAreUsageErrors() {
        Cli.Result both = Cli.run("record", dir.resolve("x.mp4").toString(), "--publish", "rtmp://127.0.0.1/a/b",
                "--source", "synthetic");
        Cli.Result neither = Cli.run("record", "--source", "synthetic");

        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("choose one").doesNotContain("/a/b");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.err()).contains("give OUT (a video file) or --publish URL");
    }

    @Test
    void anUnknownCodecIsAUsageErrorBeforeAnythingIsCaptured() {
        Cli.Result result = Cli.run("record", dir.resolve("x.mp4").toString(), "--source", "synthetic",
                "--codec", "nosuchcodec");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("codec=nosuchcodec is not an encoder");
        assertThat(dir.resolve("x.mp4")).doesNotExist();
    }

    @Test
    void whenFfmpegFailsBeforeTheFirstFrameAnExistingOutIsLeftAsItWas() throws Exception {
        Path mp4 = dir.resolve("keep.mp4");
        Files.writeString(mp4, "old recording");

        Cli.Result result = record(mp4, "--duration", "1s", "--preset", "no-such-preset");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("ffmpeg", "no-such-preset").doesNotContain("\tat ");
        assertThat(mp4).hasContent("old recording");
        assertThat(TestFiles.filesIn(dir)).containsExactly(mp4);
    }

    @Test
    void withoutFfmpegOnPathTheErrorSaysWhatToInstall() throws Exception {
        Cli.Result result = Cli.bash("PATH=/nonexistent deskdup record " + dir.resolve("x.mp4")
                + " --source synthetic --duration 1s; echo \"rc=$?\"", Map.of());

        assertThat(result.out()).contains("rc=1");
        assertThat(result.err()).contains("ffmpeg was not found on PATH", "apt-get install ffmpeg", "--ffmpeg")
                .doesNotContain("\tat ");
    }

    @Test
    void onATerminalAProgressLineShowsTimeFramesRateDroppedAndSize() throws Exception {
        assumeTrue(HostTools.onPath("script"), "script (util-linux) gives the child a terminal");
        Path mkv = dir.resolve("tty.mkv");
        StringBuilder java = new StringBuilder();
        for (String part : Cli.javaCommand("record", mkv.toString(), "--source", "synthetic", "--screen-size",
                "160x120", "--duration", "2s", "--fps", "10")) {
            java.append('\'').append(part).append("' ");
        }
        Cli.Result result = Cli.bash("script -q -e -c \"" + java.toString().replace("\"", "\\\"") + "\" /dev/null",
                Map.of());

        assertThat(result.out()).as(result.err()).contains("\rrecording " + mkv + "  00:0", " / 00:02.0  ",
                " frames  ", " fps  0 dropped  ", " KB");
        assertThat(result.out()).contains(mkv + " 160x120 10 fps 20 frames 2.0 s");
    }

    @Test
    void withoutATerminalThereIsNoProgressLine() {
        Cli.Result result = record(dir.resolve("quiet.mkv"), "--duration", "500ms", "--fps", "10");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("\r");
        assertThat(result.err().lines()).hasSize(1).first().asString().startsWith("deskdup record: recording 320x240");
    }
}
