package dev.deskdup.cli;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * CPU of {@code deskdup record} (its JVM + its ffmpeg + the X server) against {@code ffmpeg -f x11grab} recording the
 * same screen with the same encoder settings (libx264 veryfast, crf 23, a keyframe every 2 s, yuv420p, fragmented
 * MP4), for an idle screen, a small moving change and a full-screen animation. Run by {@code deskdup-cli/bench-record}
 * (a JUnit-free main on the test classpath).
 *
 * <p>Each run gets a fresh private Xvfb with colour bars; the change is drawn at the video's rate by this JVM through
 * its own connection (its X requests cost the X server the same for every contender; this JVM's own CPU is not
 * counted). CPU is read from /proc (utime + stime of the recorder's process tree and of Xvfb) over a window that
 * starts after a warm-up, so start-up (JVM, JIT, ffmpeg probing) is left out for all alike. The contenders take
 * turns, round after round, so that the noise of a shared machine hits all of them.
 *
 * <pre>
 *   deskdup-cli/bench-record [--size 1280x720] [--fps 30] [--warmup 5] [--seconds 10] [--rounds 2]
 *                            [--workloads idle,square,full]
 * </pre>
 */
public final class RecordCpuBench {

    private static final long TICK_NANOS = 1_000_000_000L / clockTicks();

    /** What changes on the screen while recording. */
    enum Workload {
        IDLE("idle screen (colour bars)"),
        SQUARE("64x64 square moving every frame"),
        FULL("full-screen animation (scrolling bars)");

        final String description;

        Workload(String description) {
            this.description = description;
        }
    }

    /** Who records. */
    enum Contender {
        DESKDUP("deskdup record (I420 from deskdup)"),
        DESKDUP_BGRA("deskdup record --pixel-format bgra"),
        X11GRAB("ffmpeg -f x11grab");

        final String description;

        Contender(String description) {
            this.description = description;
        }
    }

    /** CPU seconds over the window: the recorder's own process, its ffmpeg child, the X server. */
    record Sample(double recorder, double ffmpeg, double xserver, double windowSeconds, long frames, long dropped,
                  long duplicated) {
        double total() {
            return recorder + ffmpeg + xserver;
        }
    }

    private RecordCpuBench() {
    }

    public static void main(String[] args) throws Exception {
        int width = 1280;
        int height = 720;
        int fps = 30;
        int warmup = 5;
        int seconds = 10;
        int rounds = 2;
        List<Workload> workloads = List.of(Workload.values());
        for (int i = 0; i < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--size" -> {
                    String[] wh = v.split("x");
                    width = Integer.parseInt(wh[0]);
                    height = Integer.parseInt(wh[1]);
                }
                case "--fps" -> fps = Integer.parseInt(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--workloads" -> workloads = java.util.Arrays.stream(v.split(","))
                        .map(w -> Workload.valueOf(w.trim().toUpperCase(Locale.ROOT))).toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--size WxH --fps N --warmup S --seconds S --rounds N --workloads idle,square,full)");
            }
        }
        Path work = Files.createTempDirectory("deskdup-record-bench");
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (Workload w : workloads) {
                for (Contender c : Contender.values()) {
                    Sample s = run(c, w, width, height, fps, warmup, seconds, work);
                    samples.computeIfAbsent(w + "/" + c, k -> new ArrayList<>()).add(s);
                    System.err.printf(Locale.ROOT, "round %d %-6s %-13s total %.2f CPU s in %.1f s (%d frames, %d "
                            + "dropped, %d duplicated)%n", round, w, c, s.total(), s.windowSeconds(), s.frames(),
                            s.dropped(), s.duplicated());
                }
            }
        }
        String table = table(samples, workloads, width, height, fps, seconds, rounds);
        System.out.print(table);
        Path out = Path.of("target", "record-bench.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table, StandardCharsets.UTF_8);
        System.err.println("wrote " + out.toAbsolutePath());
    }

    private static Sample run(Contender contender, Workload workload, int width, int height, int fps, int warmup,
                              int seconds, Path work) throws Exception {
        try (VirtualDisplay xvfb = VirtualDisplay.start(width, height)) {
            Path mp4 = work.resolve(contender.name().toLowerCase(Locale.ROOT) + ".mp4");
            Files.deleteIfExists(mp4);
            AtomicBoolean drawing = new AtomicBoolean(true);
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
            Thread animation = new Thread(() -> {
                try (X11Painter painter = xvfb.painter()) {   // a painter belongs to the thread that made it
                    VirtualDisplay.drawColourBars(painter);
                    ready.countDown();
                    animate(painter, workload, width, height, fps, drawing);
                }
            });
            animation.setDaemon(true);
            animation.start();
            ready.await();
            int duration = warmup + seconds + 2;
            Process p = new ProcessBuilder(command(contender, xvfb, width, height, fps, duration, mp4))
                    .redirectErrorStream(true).redirectOutput(work.resolve("log.txt").toFile()).start();
            p.getOutputStream().close();
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                long[] before = cpu(p.toHandle(), xvfb.pid());
                long t0 = System.nanoTime();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                long[] after = cpu(p.toHandle(), xvfb.pid());
                double window = (System.nanoTime() - t0) / 1e9;
                if (!p.waitFor(duration + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException(contender + " failed: " + Files.readString(work.resolve("log.txt")));
                }
                long frames = frames(mp4);
                String log = Files.readString(work.resolve("log.txt"));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("dup=(\\d+) drop=(\\d+)").matcher(log);
                long dropped = 0;
                long duplicated = 0;
                while (m.find()) {   // ffmpeg's last stats line: frames it duplicated and dropped to keep the rate
                    duplicated = Long.parseLong(m.group(1));
                    dropped = Long.parseLong(m.group(2));
                }
                java.util.regex.Matcher d = java.util.regex.Pattern.compile("\\((\\d+) dropped\\)").matcher(log);
                if (d.find()) {
                    dropped = Long.parseLong(d.group(1));   // deskdup's summary: frames too late to write
                }
                return new Sample((after[0] - before[0]) * TICK_NANOS / 1e9, (after[1] - before[1]) * TICK_NANOS / 1e9,
                        (after[2] - before[2]) * TICK_NANOS / 1e9, window, frames, dropped, duplicated);
            } finally {
                drawing.set(false);
                animation.join(5000);
                p.destroyForcibly();
            }
        }
    }

    private static List<String> command(Contender contender, VirtualDisplay xvfb, int width, int height, int fps,
                                        int duration, Path mp4) {
        List<String> encoder = List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-g", "" + 2 * fps,
                "-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-frag_duration", "1000000",
                "-flush_packets", "1");
        return switch (contender) {
            case DESKDUP, DESKDUP_BGRA -> {
                List<String> c = new ArrayList<>(Cli.javaCommand("record", mp4.toString(), "--display", xvfb.display(),
                        "--xauthority", xvfb.xauthority().toString(), "--fps", "" + fps, "--cursor", "none",
                        "--duration", duration + "s", "--no-progress"));
                if (contender == Contender.DESKDUP_BGRA) {
                    c.addAll(List.of("--pixel-format", "bgra"));
                }
                yield c;
            }
            case X11GRAB -> {
                List<String> c = new ArrayList<>(List.of("env", "DISPLAY=" + xvfb.display(),
                        "XAUTHORITY=" + xvfb.xauthority(), "ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-stats",
                        "-f", "x11grab", "-draw_mouse", "0", "-framerate", "" + fps, "-video_size",
                        width + "x" + height, "-i", xvfb.display(), "-t", "" + duration));
                c.addAll(encoder);
                c.addAll(List.of("-pix_fmt", "yuv420p", "-y", mp4.toString()));
                yield c;
            }
        };
    }

    /** Draws the workload at the video's rate until told to stop. */
    private static void animate(X11Painter painter, Workload workload, int width, int height, int fps,
                                AtomicBoolean drawing) {
        long interval = 1_000_000_000L / fps;
        long next = System.nanoTime();
        int x = 0;
        int y = 0;
        for (int frame = 0; drawing.get(); frame++) {
            switch (workload) {
                case IDLE -> { }
                case SQUARE -> {
                    painter.fillRect(x, y, 64, 64, 0x202020);
                    x = (x + 7) % (width - 64);
                    y = (y + 5) % (height - 64);
                    painter.fillRect(x, y, 64, 64, 0xFF8000);
                    painter.sync();
                }
                case FULL -> {
                    int bar = width / 8;
                    int shift = (frame * 8) % width;
                    int[] colours = {0xC0C0C0, 0xC0C000, 0x00C0C0, 0x00C000, 0xC000C0, 0xC00000, 0x0000C0, 0x101010};
                    for (int b = 0; b < 9; b++) {
                        painter.fillRect(b * bar - shift % bar, 0, bar, height, colours[(b + shift / bar) % 8]);
                    }
                    painter.sync();
                }
            }
            next += interval;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Clock ticks of {@code [the process itself, its descendants, the X server]}. */
    private static long[] cpu(ProcessHandle recorder, long xserver) {
        long own = ticks(recorder.pid());
        long children = 0;
        for (ProcessHandle d : recorder.descendants().toList()) {
            children += ticks(d.pid());
        }
        return new long[]{own, children, ticks(xserver)};
    }

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long frames(Path mp4) throws Exception {
        String n = Video.probe(mp4).getOrDefault("nb_read_frames", "0");
        return n.matches("\\d+") ? Long.parseLong(n) : 0;
    }

    private static String table(Map<String, List<Sample>> samples, List<Workload> workloads, int width, int height,
                                int fps, int seconds, int rounds) {
        StringBuilder t = new StringBuilder();
        t.append(String.format(Locale.ROOT, "CPU while recording %dx%d at %d fps, libx264 veryfast crf 23 (%% of one "
                + "core, mean of %d rounds of %d s; %s)%n%n", width, height, fps, rounds, seconds, LocalDate.now()));
        t.append("| Screen | Recorder | recorder process | its ffmpeg | X server | total | × x11grab total "
                + "| frames dropped / duplicated |\n");
        t.append("|---|---|--:|--:|--:|--:|--:|--:|\n");
        for (Workload w : workloads) {
            double grab = mean(samples.get(w + "/" + Contender.X11GRAB), Sample::total);
            for (Contender c : Contender.values()) {
                List<Sample> s = samples.get(w + "/" + c);
                double window = mean(s, Sample::windowSeconds);
                double total = mean(s, Sample::total);
                t.append(String.format(Locale.ROOT, "| %s | %s | %.1f%% | %s | %.1f%% | %.1f%% | %.2f | %d / %d |%n",
                        w.description, c.description, 100 * mean(s, Sample::recorder) / window,
                        c == Contender.X11GRAB ? "(is ffmpeg)" : String.format(Locale.ROOT, "%.1f%%",
                                100 * mean(s, Sample::ffmpeg) / window),
                        100 * mean(s, Sample::xserver) / window, 100 * total / window, total / grab,
                        s.stream().mapToLong(Sample::dropped).sum(), s.stream().mapToLong(Sample::duplicated).sum()));
            }
        }
        return t.toString();
    }

    private static double mean(List<Sample> s, java.util.function.ToDoubleFunction<Sample> f) {
        return s.stream().mapToDouble(f).average().orElse(Double.NaN);
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return Long.parseLong(out);
        } catch (Exception e) {
            return 100;
        }
    }
}
