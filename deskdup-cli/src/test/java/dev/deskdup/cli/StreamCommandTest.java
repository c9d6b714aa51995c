package dev.deskdup.cli;

import dev.deskdup.VirtualDisplay;
import dev.deskdup.source.synthetic.SyntheticSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class StreamCommandTest {

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
        Cli.paint(xvfb.display(), 0, 0, 640, 480, 0xC08040);

        Cli.Result result = Cli.run("stream", "--display", xvfb.display(), "--region", "17,9,101,33",
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
    void streamingAllocatesNothingPerFrame() {
        CountingChannel sink = new CountingChannel();
        for (int i = 0; i < 3; i++) {
            allocatedByStream(sink, 300);   // warm up: classes loaded, picocli's reflection done, JIT at work
        }
        long shortRun = Math.min(allocatedByStream(sink, 100), allocatedByStream(sink, 100));
        long longRun = Math.min(allocatedByStream(sink, 1100), allocatedByStream(sink, 1100));

        // The same command with 1000 more frames: whatever it allocates beyond the short run is per-frame cost.
        assertThat((longRun - shortRun) / 1000).as("bytes allocated per frame (short run %d, long run %d)",
                shortRun, longRun).isLessThan(16);
        assertThat(sink.bytes).isEqualTo((3 * 300L + 2 * 100 + 2 * 1100) * 64 * 48 * 4);
    }

    /** Bytes this thread allocated to run one in-process stream of {@code frames} frames. */
    private static long allocatedByStream(WritableByteChannel sink, int frames) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        int code = Cli.run(sink, "stream", "--source", "synthetic", "--screen-size", "64x48", "--fps", "1000",
                "--frames", String.valueOf(frames));
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(code).isZero();
        return allocated;
    }

    /** Takes every byte and keeps none. */
    private static final class CountingChannel implements WritableByteChannel {
        long bytes;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
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
                    int expected = SyntheticSource.pixel(n, originX + x, originY + y);
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
            if (SyntheticSource.pixel(n, originX, originY) == first) {
                return n;
            }
        }
        throw new AssertionError("frame at byte " + base + " is no synthetic frame after n=" + from);
    }
}
