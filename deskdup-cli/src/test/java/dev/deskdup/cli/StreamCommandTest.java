package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.FrameSchedule;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.junit.Allocations;
import dev.deskdup.xvfb.junit.WithXvfb;
import dev.deskdup.SyntheticPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@WithXvfb(width = 640, height = 480)
class StreamCommandTest {

    private static VirtualDisplay xvfb;

    @TempDir
    Path dir;

    @BeforeAll
    static void startXvfb(VirtualDisplay display) throws Exception {
        xvfb = display;
        Cli.xrandr(xvfb, "--setmonitor", "strip", "320/100x40/100+100+200", "none");
    }


    @Test
    void writesFramesTimesWidthTimesHeightTimes4BytesOfThePatternToStdout() {
        Cli.Result result = Cli.run("stream", "--source", "synthetic", "--screen-size", "64x48",
                "--fps", "200", "--frames", "12");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.stdoutBytes()).hasSize(12 * 64 * 48 * 4);
        assertFramesArePatternInOrder(result.stdoutBytes(), 12, 64, 48, 0, 0);
    }

    @Test
    void printsTheFfmpegInputArgsOfTheStreamOnStderr() {
        Cli.Result result = Cli.run("stream", "--source", "synthetic", "--screen-size", "320x240",
                "--region", "0,0,100,60", "--fps", "25", "--frames", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines()).contains("-f rawvideo -pix_fmt bgra -s 100x60 -r 25 -i -");
    }

    @Test
    void writesTheRegionToTheOutFile() throws IOException {
        Path file = dir.resolve("frames.bgra");

        Cli.Result result = Cli.run("stream", "--source", "synthetic", "--screen-size", "320x240",
                "--region", "30,40,50,20", "--fps", "200", "--frames", "5", "--out", file.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.stdoutBytes()).isEmpty();
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(5 * 50 * 20 * 4);
        assertFramesArePatternInOrder(bytes, 5, 50, 20, 30, 40);
    }

    @Test
    void streamsWhatIsDrawnOnTheXScreen() {
        Cli.paint(xvfb, 0, 0, 640, 480, 0xC08040);

        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--region", "17,9,101,33",
                "--fps", "60", "--frames", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        byte[] bytes = result.stdoutBytes();
        assertThat(bytes).hasSize(3 * 101 * 33 * 4);
        for (int i = 0; i < bytes.length; i += 4) {
            int bgr = (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16;
            if (bgr != 0xC08040) {
                throw new AssertionError("byte offset " + i + ": rgb=" + Integer.toHexString(bgr)
                        + ", expected c08040");
            }
        }
    }

    @Test
    void onAnIdleScreenEveryFrameIsTheCompleteImageOfTheLastChange() throws Exception {
        // Change tracking (the default) copies only what changed, and the stream writes the last frame again while
        // nothing changes: each written frame must still be the whole current image, not just its changes, also
        // when it lands in a slot that missed earlier changes.
        int w = 64, h = 48;
        Cli.paint(xvfb, 0, 0, 640, 480, 0x000000);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicInteger code = new AtomicInteger(-1);
        long[] elapsedNanos = new long[1];
        Thread stream = new Thread(() -> {
            long start = System.nanoTime();
            code.set(Cli.run(Channels.newChannel(bytes), "stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(),
                    "--region", "0,0," + w + "," + h, "--fps", "20", "--frames", "40"));
            elapsedNanos[0] = System.nanoTime() - start;
        });
        stream.start();
        Thread.sleep(600);
        Cli.paint(xvfb, 0, 0, 32, 48, 0xFF0000);
        Thread.sleep(400);
        Cli.paint(xvfb, 32, 0, 32, 24, 0x00FF00);
        stream.join(30_000);

        assertThat(code.get()).isZero();
        assertThat(bytes.size()).isEqualTo(40 * w * h * 4);
        // At a steady 20 frames/s, idle or not: 40 frames take 2 s (neither waiting for changes nor rushing).
        assertThat(elapsedNanos[0] / 1_000_000).as("ms for 40 frames at 20 fps").isBetween(1900L, 5000L);
        byte[][] images = {image(w, h, 0, 0, 0, 0, 0), image(w, h, 32, 48, 0xFF0000, 0, 0),
                image(w, h, 32, 48, 0xFF0000, 24, 0x00FF00)};
        byte[] all = bytes.toByteArray();
        List<Integer> shown = new ArrayList<>();
        for (int f = 0; f < 40; f++) {
            int which = -1;
            for (int i = 0; i < images.length; i++) {
                if (sameRgb(all, f * w * h * 4, images[i])) {
                    which = i;
                }
            }
            assertThat(which).as("frame %d is one of the drawn images (frames so far: %s)", f, shown)
                    .isNotNegative();
            shown.add(which);
        }
        assertThat(shown).as("images in the order drawn").isSorted();
        assertThat(shown.subList(30, 40)).as("the last frames, long after the last change: %s", shown)
                .containsOnly(2);
    }

    /** Whether the frame at {@code offset} has the pixels of {@code image}, alpha bytes aside. */
    private static boolean sameRgb(byte[] frames, int offset, byte[] image) {
        for (int i = 0; i < image.length; i++) {
            if ((i & 3) != 3 && frames[offset + i] != image[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Packed BGRA: the top {@code leftRows} rows of the left {@code leftWidth} columns {@code left}, the top
     * {@code rightRows} rows of the rest {@code right}, everything else black.
     */
    private static byte[] image(int w, int h, int leftWidth, int leftRows, int left, int rightRows, int right) {
        byte[] b = new byte[w * h * 4];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = x < leftWidth && y < leftRows ? left : x >= leftWidth && y < rightRows ? right : 0;
                int at = (y * w + x) * 4;
                b[at] = (byte) rgb;
                b[at + 1] = (byte) (rgb >> 8);
                b[at + 2] = (byte) (rgb >> 16);
            }
        }
        return b;
    }

    @Test
    void changeTrackingIsOnByDefaultAndOffWithFullFrame() {
        assertThat(streamOptions().changeTracking()).isTrue();
        assertThat(streamOptions("--full-frame").changeTracking()).isFalse();
        assertThat(streamOptions().cursor()).isEqualTo(CursorMode.NONE);
        assertThat(streamOptions("--cursor", "composited").cursor()).isEqualTo(CursorMode.COMPOSITED);
        assertThat(streamOptions("--fps", "25").maxFps()).isEqualTo(25.0);
        assertThat(streamOptions("--fps", "25").frameSchedule()).isEqualTo(FrameSchedule.ABSOLUTE);
    }

    private static CaptureOptions streamOptions(String... args) {
        var cl = DeskdupCommand.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                () -> null);
        List<String> all = new ArrayList<>(List.of("stream", "--source", "synthetic"));
        all.addAll(List.of(args));
        cl.parseArgs(all.toArray(String[]::new));
        StreamCommand stream = cl.getSubcommands().get("stream").getCommand();
        return stream.captureOptions(new Target(null, null, null));
    }

    @Test
    void fullFrameStreamsWhatIsDrawnToo() {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x10E070);

        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--region", "5,6,70,30",
                "--fps", "100", "--frames", "4", "--full-frame");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertUniform(result.stdoutBytes(), 4 * 70 * 30 * 4, 0x10E070);
    }

    @Test
    void monitorStreamsThatMonitorAtItsSize() {
        Cli.paint(xvfb, 0, 0, 640, 480, 0x000000);
        Cli.paint(xvfb, 100, 200, 320, 40, 0x3366CC);

        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--monitor", "strip",
                "--fps", "50", "--frames", "3");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err().lines()).contains("-f rawvideo -pix_fmt bgra -s 320x40 -r 50 -i -");
        assertUniform(result.stdoutBytes(), 3 * 320 * 40 * 4, 0x3366CC);
    }

    @Test
    void monitorWithRegionIsAUsageErrorWithNothingWritten() {
        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--monitor", "strip",
                "--region", "0,0,10,10", "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--monitor strip", "choose one", "deskdup stream --help");
        assertThat(result.stdoutBytes()).isEmpty();
    }

    @Test
    void unknownMonitorIsAUsageError() {
        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--monitor", "7", "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("monitor=7 not found", "=strip");
        assertThat(result.stdoutBytes()).isEmpty();
    }

    @Test
    void separateCursorIsRefusedForRawVideo() {
        Cli.Result result = Cli.run("stream", "--source", "synthetic", "--cursor", "separate", "--frames", "1");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("cursor=separate", "composited");
        assertThat(result.stdoutBytes()).isEmpty();
    }

    @Test
    void compositedCursorStreams() {
        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--cursor", "composited",
                "--fps", "50", "--frames", "2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.stdoutBytes()).hasSize(2 * 640 * 480 * 4);
    }

    private static void assertUniform(byte[] bytes, int expectedLength, int rgb) {
        assertThat(bytes).hasSize(expectedLength);
        for (int i = 0; i < bytes.length; i += 4) {
            int bgr = (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16;
            if (bgr != rgb) {
                throw new AssertionError("byte offset " + i + ": rgb=" + Integer.toHexString(bgr) + ", expected "
                        + Integer.toHexString(rgb));
            }
        }
    }

    @Test
    void streamingAllocatesNothingPerFrame() {
        CountingChannel sink = new CountingChannel();
        for (int i = 0; i < 6; i++) {
            allocatedByStream(sink, 300);   // warm up: classes loaded, picocli's reflection done, JIT at work
        }
        // A whole run (picocli, open, close) allocates about 1 MB, give or take 32 KB from run to run while the JIT
        // is still at work on the rest of it (more so after the other tests of this JVM ran); measured around the
        // frame loop alone, acquire/release/write allocate nothing. So: the least of three runs of each length.
        long shortRun = Long.MAX_VALUE;
        long longRun = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            shortRun = Math.min(shortRun, allocatedByStream(sink, 100));
            longRun = Math.min(longRun, allocatedByStream(sink, 1100));
        }

        // The same command with 1000 more frames: whatever it allocates beyond the short run is per-frame cost.
        assertThat((longRun - shortRun) / 1000).as("bytes allocated per frame (short run %d, long run %d)",
                shortRun, longRun).isLessThan(16);
        assertThat(sink.bytes()).isEqualTo((6 * 300L + 3 * 100 + 3 * 1100) * 64 * 48 * 4);
    }

    /** Bytes this thread allocated to run one in-process stream of {@code frames} frames. */
    private static long allocatedByStream(WritableByteChannel sink, int frames) {
        long before = Allocations.threadAllocatedBytes();
        int code = Cli.run(sink, "stream", "--source", "synthetic", "--screen-size", "64x48", "--fps", "1000",
                "--frames", String.valueOf(frames));
        long allocated = Allocations.threadAllocatedBytes() - before;
        assertThat(code).isZero();
        return allocated;
    }

    /**
     * Each frame must be the synthetic pattern of one frame number, numbers starting at 1 and never going back
     * (a frame may repeat: the stream repeats the last frame when the next is late).
     */
    private static void assertFramesArePatternInOrder(byte[] bytes, int frames, int width, int height,
                                                      int originX, int originY) {
        long previousN = 0;
        for (int f = 0; f < frames; f++) {
            int base = f * width * height * 4;
            long n = findFrameNumber(bytes, base, originX, originY, previousN);
            assertThat(n).as("frame %d", f).isGreaterThanOrEqualTo(Math.max(1, previousN));
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int at = base + (y * width + x) * 4;
                    int actual = (bytes[at] & 0xFF) | (bytes[at + 1] & 0xFF) << 8 | (bytes[at + 2] & 0xFF) << 16
                            | (bytes[at + 3] & 0xFF) << 24;
                    int expected = SyntheticPattern.pixel(n, originX + x, originY + y);
                    if (actual != expected) {
                        throw new AssertionError("frame " + f + " (n=" + n + ") pixel (" + x + "," + y + "): "
                                + Integer.toHexString(actual) + ", expected " + Integer.toHexString(expected));
                    }
                }
            }
            previousN = n;
        }
    }

    private static long findFrameNumber(byte[] bytes, int base, int originX, int originY, long from) {
        int first = (bytes[base] & 0xFF) | (bytes[base + 1] & 0xFF) << 8 | (bytes[base + 2] & 0xFF) << 16
                | (bytes[base + 3] & 0xFF) << 24;
        for (long n = Math.max(1, from); n < from + 1000; n++) {
            if (SyntheticPattern.pixel(n, originX, originY) == first) {
                return n;
            }
        }
        throw new AssertionError("frame at byte " + base + " is no synthetic frame after n=" + from);
    }
}
