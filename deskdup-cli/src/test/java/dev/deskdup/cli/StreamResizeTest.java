package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.Channels;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntBinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stream} keeps the frame size it started with when the screen is resized (xrandr on Xvfb), fitting the new
 * content as {@code --on-resize} says, or ends with exit code 3.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamResizeTest {

    private static final int W = 640;
    private static final int H = 480;
    private static final int FRAMES = 30;
    private static final int RED = 0xFF0000;
    private static final int GREEN = 0x00FF00;
    private static final int BLUE = 0x0000FF;

    /** What a stream wrote, and what it said. */
    record Run(int exitCode, byte[] bytes, String err) {
    }

    /** Streams FRAMES frames at 20 fps; after 3 frames resizes the screen and paints its left half red, right green. */
    private static Run streamAcrossAResize(String policy, int newWidth, int newHeight) throws Exception {
        // Xvfb's screen cannot grow past the size it started with: start it large enough, then shrink to W×H.
        try (VirtualDisplay xvfb = VirtualDisplay.start(Math.max(W, newWidth), Math.max(H, newHeight))) {
            if (newWidth > W || newHeight > H) {
                Cli.xrandr(xvfb, "--output", "screen", "--off", "--fb", W + "x" + H);
            }
            Cli.paint(xvfb, 0, 0, W, H, BLUE);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            StringWriter err = new StringWriter();
            AtomicInteger code = new AtomicInteger(-1);
            Thread stream = new Thread(() -> code.set(DeskdupCommand.commandLine(new PrintWriter(err, true),
                    new PrintWriter(err, true), () -> Channels.newChannel(bytes)).execute("stream", "--display",
                    xvfb.display(), "--xauthority", xvfb.xauthority().toString(), "--fps", "20", "--frames", "" + FRAMES, "--on-resize", policy)));
            stream.start();
            // Resize only once the stream runs at W×H (a slow start must not see the new size first).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (bytes.size() < 3 * W * H * 4 && stream.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(bytes.size()).as("frames before the resize; " + err).isGreaterThanOrEqualTo(3 * W * H * 4);
            Cli.xrandr(xvfb, "--output", "screen", "--off", "--fb", newWidth + "x" + newHeight);
            Cli.paint(xvfb, 0, 0, newWidth / 2, newHeight, RED);
            Cli.paint(xvfb, newWidth / 2, 0, newWidth - newWidth / 2, newHeight, GREEN);
            stream.join(30_000);
            assertThat(stream.isAlive()).as("stream still running: " + err).isFalse();
            return new Run(code.get(), bytes.toByteArray(), err.toString());
        }
    }

    @Test
    void scaleStretchesTheNewContentOverTheOriginalSize() throws Exception {
        Run run = streamAcrossAResize("scale", 320, 480);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.bytes()).hasSize(FRAMES * W * H * 4);
        assertThat(firstFrame(run)).isEqualTo(image((x, y) -> BLUE));
        assertThat(lastFrame(run)).isEqualTo(image((x, y) -> x < 320 ? RED : GREEN));
    }

    @Test
    void padLetterboxesTheNewContentKeepingItsAspectRatio() throws Exception {
        Run run = streamAcrossAResize("pad", 320, 480);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.bytes()).as(run.err()).hasSize(FRAMES * W * H * 4);
        assertThat(lastFrame(run)).isEqualTo(image((x, y) -> x < 160 || x >= 480 ? 0 : x < 320 ? RED : GREEN));
    }

    @Test
    void cropShowsASmallerScreenOneToOneWithBlackAround() throws Exception {
        Run run = streamAcrossAResize("crop", 320, 240);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.bytes()).hasSize(FRAMES * W * H * 4);
        assertThat(lastFrame(run)).isEqualTo(image((x, y) -> x >= 320 || y >= 240 ? 0 : x < 160 ? RED : GREEN));
    }

    @Test
    void cropShowsTheTopLeftOfALargerScreen() throws Exception {
        Run run = streamAcrossAResize("crop", 800, 600);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.bytes()).hasSize(FRAMES * W * H * 4);
        assertThat(lastFrame(run)).isEqualTo(image((x, y) -> x < 400 ? RED : GREEN));
    }

    @Test
    void stopEndsTheStreamWithExit3NamingBothSizes() throws Exception {
        Run run = streamAcrossAResize("stop", 400, 300);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(3);
        assertThat(run.err()).contains("from 640x480 to 400x300", "--on-resize stop");
        assertThat(run.bytes().length % (W * H * 4)).as("whole frames only").isZero();
        assertThat(run.bytes().length / (W * H * 4)).isBetween(1, FRAMES - 1);
    }

    /** Packed BGRA of a W×H image with the colour {@code rgb(x, y)} (alpha 0, as Xvfb's depth-24 pixels have). */
    private static byte[] image(IntBinaryOperator rgb) {
        byte[] b = new byte[W * H * 4];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int c = rgb.applyAsInt(x, y);
                int at = (y * W + x) * 4;
                b[at] = (byte) c;
                b[at + 1] = (byte) (c >> 8);
                b[at + 2] = (byte) (c >> 16);
            }
        }
        return b;
    }

    private static byte[] firstFrame(Run run) {
        return frame(run, 0);
    }

    private static byte[] lastFrame(Run run) {
        return frame(run, run.bytes().length / (W * H * 4) - 1);
    }

    /** Frame {@code i}, its alpha bytes zeroed (X leaves them undefined). */
    private static byte[] frame(Run run, int i) {
        byte[] f = java.util.Arrays.copyOfRange(run.bytes(), i * W * H * 4, (i + 1) * W * H * 4);
        for (int a = 3; a < f.length; a += 4) {
            f[a] = 0;
        }
        return f;
    }
}
