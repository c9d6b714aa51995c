package dev.deskdup.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** ffprobe and ffmpeg, for what a recording holds: its stream's facts and its decoded pixels. */
final class Video {

    private Video() {
    }

    /** ffprobe's facts of the first video stream (frames counted by decoding): width, height, r_frame_rate, ... */
    static Map<String, String> probe(Path file) throws IOException, InterruptedException {
        String out = run(List.of("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,width,height,r_frame_rate,avg_frame_rate,nb_read_frames,pix_fmt,"
                        + "color_space", "-of", "default=nw=1", file.toString()));
        Map<String, String> facts = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                facts.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return facts;
    }

    /** Frame {@code n} (from 0) decoded to packed RGB24. */
    static byte[] rgbFrame(Path file, int n) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-vf",
                "select=eq(n\\," + n + ")", "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] rgb = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return rgb;
    }

    /** Every frame decoded to packed RGB24, one after the other. */
    static byte[] rgbFrames(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "rawvideo", "-pix_fmt",
                "rgb24", "-").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] rgb = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return rgb;
    }

    /** The RGB of pixel (x, y) of a packed RGB24 frame of the given width, as 0xRRGGBB. */
    static int rgbAt(byte[] rgb, int width, int x, int y) {
        int at = (y * width + x) * 3;
        return (rgb[at] & 0xFF) << 16 | (rgb[at + 1] & 0xFF) << 8 | (rgb[at + 2] & 0xFF);
    }

    /** Whether two colours differ by at most {@code tolerance} in each channel. */
    static boolean near(int rgb, int expected, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xFF) - ((expected >> shift) & 0xFF)) > tolerance) {
                return false;
            }
        }
        return true;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return out;
    }
}
