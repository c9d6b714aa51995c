package dev.deskdup.cli.bench;


import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FFmpeg's x11grab as an external process, grabbing unpaced into the null muxer:
 * {@code ffmpeg -f x11grab -draw_mouse 0 -framerate 10000 -video_size WxH -i DISPLAY -frames:v N
 * -fps_mode passthrough -f null -} ({@code passthrough}, else ffmpeg duplicates frames to a nominal rate), plus
 * {@code -probesize 32 -analyzeduration 0}: by default ffmpeg grabs a few MB of frames while probing the input, before
 * its benchmark clock starts, and would then deliver them for free. x11grab paces itself to {@code -framerate}, so it
 * never reports more than 10000 frames/s.
 *
 * <p>What is measured: ffmpeg's own {@code -benchmark} figures, which span its transcoding loop only (from after the
 * input was opened to the last frame), so process start-up and probing are left out: {@code rtime} is the wall time
 * and {@code utime + stime} ffmpeg's CPU time over that loop; the frame count is ffmpeg's last {@code frame=}. FFmpeg
 * does not report per-frame times, so its p50/p99 are not given. The X server's CPU time is read around the whole
 * process, so it includes the few requests of probing.
 */
final class FfmpegX11GrabContender implements Contender {

    private static final Pattern FRAME = Pattern.compile("frame=\\s*(\\d+)");
    private static final Pattern BENCH =
            Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");

    private final String searchPath;
    private Path ffmpeg;
    private BenchTarget target;

    FfmpegX11GrabContender() {
        this(System.getenv("PATH"));
    }

    /** @param searchPath where to look for ffmpeg, as $PATH (a test gives one without it) */
    FfmpegX11GrabContender(String searchPath) {
        this.searchPath = searchPath;
    }

    @Override
    public String id() {
        return "ffmpeg-x11grab";
    }

    @Override
    public String name() {
        return "FFmpeg x11grab (external process)";
    }

    @Override
    public String method() {
        return "external process per batch: frames/s = frames / rtime of ffmpeg -benchmark (its transcoding loop, "
                + "start-up and probing excluded); CPU = its utime + stime; X server CPU from /proc around the "
                + "process; no per-frame times, no Java heap";
    }

    @Override
    public void open(BenchTarget target, int warmupFrames) throws ContenderSkipped {
        this.target = target;
        ffmpeg = onPath("ffmpeg", searchPath);
        if (ffmpeg == null) {
            throw new ContenderSkipped("ffmpeg is not on PATH (install it: apt-get install ffmpeg)");
        }
        run(BatchSpec.ofFrames(Math.max(2, warmupFrames)), new FrameTimes(1));
    }

    @Override
    public BatchResult run(BatchSpec spec, FrameTimes times) throws ContenderSkipped {
        times.clear();
        List<String> command = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-nostdin", "-benchmark",
                "-f", "x11grab", "-draw_mouse", "0", "-framerate", "10000",
                "-probesize", "32", "-analyzeduration", "0",
                "-video_size", target.width() + "x" + target.height(), "-i", target.display()));
        if (spec.byFrames()) {
            command.addAll(List.of("-frames:v", "" + spec.frames()));
        } else {
            command.addAll(List.of("-t", String.format(Locale.ROOT, "%.3f", spec.nanos() / 1e9)));
        }
        command.addAll(List.of("-fps_mode", "passthrough", "-f", "null", "-"));
        long serverBefore = ProcStat.cpuNanos(target.serverPid());
        String log = execute(command, target, 120 + TimeUnit.NANOSECONDS.toSeconds(spec.nanos()));
        long serverAfter = ProcStat.cpuNanos(target.serverPid());
        Matcher bench = BENCH.matcher(log);
        long frames = -1;
        for (Matcher m = FRAME.matcher(log); m.find(); ) {
            frames = Long.parseLong(m.group(1));   // the last progress line has the total
        }
        if (!bench.find() || frames < 0) {
            throw new ContenderSkipped("ffmpeg x11grab gave no frame count or -benchmark line; it said: "
                    + tail(log));
        }
        long cpu = seconds(bench.group(1)) + seconds(bench.group(2));
        return new BatchResult(frames, seconds(bench.group(3)), cpu, ProcStat.delta(serverBefore, serverAfter),
                -1, -1);
    }

    private static String execute(List<String> command, BenchTarget target, long timeoutSeconds)
            throws ContenderSkipped {
        Path log = null;
        try {
            // stderr to a file: a pipe nobody reads while we wait could fill and stall ffmpeg.
            log = Files.createTempFile("deskdup-bench-ffmpeg", ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(target.environment()); // its cookie, for a private Xvfb
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new ContenderSkipped("ffmpeg x11grab did not finish within " + timeoutSeconds + " s");
            }
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            if (p.exitValue() != 0) {
                throw new ContenderSkipped("ffmpeg x11grab failed (exit " + p.exitValue() + "): " + tail(text));
            }
            return text;
        } catch (IOException e) {
            throw new ContenderSkipped("cannot run ffmpeg", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContenderSkipped("interrupted");
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file; the OS cleans /tmp
                }
            }
        }
    }

    private static long seconds(String s) {
        return Math.round(Double.parseDouble(s) * 1e9);
    }

    private static String tail(String log) {
        String t = log.strip().replace('\r', '\n');
        int cut = t.lastIndexOf('\n', Math.max(0, t.length() - 300));
        return (cut > 0 ? t.substring(cut + 1) : t).replace('\n', ' ').strip();
    }

    static Path onPath(String program, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public void close() {
        // nothing held between batches: each batch is its own ffmpeg process
    }
}
