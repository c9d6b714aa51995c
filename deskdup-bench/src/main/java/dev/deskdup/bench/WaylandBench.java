package dev.deskdup.bench;

import dev.deskdup.internal.wayland.PipeWireSession;
import dev.deskdup.internal.wayland.TestProducer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Wayland source side by side with GStreamer's {@code pipewiresrc}, both consuming the same producer: a private
 * PipeWire + WirePlumber + the fake portal (the tests' {@link PipeWireSession}), and the benchmark producer
 * ({@link TestProducer} in a process of its own: a 60 fps Video/Source whose every frame changes, stamped with its
 * CLOCK_MONOTONIC time). Each consumer runs in a process of its own, so its CPU time is its own.
 *
 * <pre>
 *   deskdup-bench/run --main WaylandBench [--size 1920x1080] [--fps 60] [--seconds 10] [--warmup 5]
 * </pre>
 *
 * Rows: deskdup pulling (acquire/release, LATEST), deskdup pushing (stream, EVERY), GStreamer
 * {@code pipewiresrc ! fakesink} (its CPU and rate from two runs of different length, so that start-up cancels),
 * and deskdup with an RGBx producer (the one-copy conversion path) for scale. Prints a Markdown table.
 */
public final class WaylandBench {

    private WaylandBench() {
    }

    record Row(String consumer, double fps, double producerFps, double cpuMsPerFrame, double cpuPercent,
               String bytesCopied, String latency, String alloc, String note) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String size = opt.getOrDefault("size", "1920x1080");
        int fps = Integer.parseInt(opt.getOrDefault("fps", "60"));
        int seconds = Integer.parseInt(opt.getOrDefault("seconds", "10"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
        Path dir = opt.containsKey("dir") ? Path.of(opt.get("dir")).toAbsolutePath()
                : Files.createTempDirectory("deskdup-wayland-bench");
        Files.createDirectories(dir);
        List<Row> rows = new ArrayList<>();
        try (PipeWireSession pw = PipeWireSession.startIn(dir)) {
            try (Producer p = Producer.start(pw, "BGRx", size, fps)) {
                p.pointPortalAt(pw);
                rows.add(deskdup(pw, "deskdup acquire/release (LATEST)", "acquire", seconds, warmup, p));
                rows.add(deskdup(pw, "deskdup stream (EVERY)", "stream", seconds, warmup, p));
                rows.add(gstreamer(pw, p, size, fps, seconds));
            }
            try (Producer p = Producer.start(pw, "RGBx", size, fps)) {
                p.pointPortalAt(pw);
                rows.add(deskdup(pw, "deskdup acquire/release, RGBx producer (converted)", "acquire", seconds,
                        warmup, p));
            }
        }
        System.out.println(report(rows, size, fps, seconds));
    }

    // ---- deskdup ------------------------------------------------------------------------------------------------

    private static final Pattern RESULT = Pattern.compile("(\\w+)=(\\S+)");

    private static Row deskdup(PipeWireSession pw, String name, String mode, int seconds, int warmup, Producer p)
            throws Exception {
        List<String> cmd = java(WaylandConsumer.class, mode, String.valueOf(seconds), String.valueOf(warmup),
                p.format);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        environment(pb, pw);
        Process proc = pb.start();
        BufferedReader lines = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder all = new StringBuilder();
        String l0;
        double producerFps = Double.NaN;
        while ((l0 = lines.readLine()) != null) {
            all.append(l0).append('\n');
            if (l0.equals("MEASURING")) {
                producerFps = p.rateDuring(seconds);
            }
        }
        String out = all.toString();
        if (!proc.waitFor(seconds + warmup + 60L, TimeUnit.SECONDS) || proc.exitValue() != 0) {
            proc.destroyForcibly();
            throw new IllegalStateException(name + " failed (exit " + proc.exitValue() + "): " + out);
        }
        String line = out.lines().filter(l -> l.startsWith("RESULT")).findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " printed no RESULT: " + out));
        Map<String, String> r = new HashMap<>();
        Matcher m = RESULT.matcher(line);
        while (m.find()) {
            r.put(m.group(1), m.group(2));
        }
        long frames = Long.parseLong(r.get("frames"));
        double wall = Long.parseLong(r.get("wallNanos")) / 1e9;
        double cpuMs = Long.parseLong(r.get("cpuNanos")) / 1e6;
        long copied = Long.parseLong(r.get("bytesCopied"));
        long alloc = Long.parseLong(r.get("allocBytes"));
        String latency = String.format("%.2f / %.2f / %.2f", ms(r.get("lat50")), ms(r.get("lat99")),
                ms(r.get("latMax")));
        double consumerMs = Long.parseLong(r.get("consumerCpu")) / 1e6 / frames;
        double otherJavaMs = (Long.parseLong(r.get("javaThreadsCpu")) - Long.parseLong(r.get("consumerCpu"))) / 1e6
                / frames;
        double restMs = cpuMs / frames - consumerMs - otherJavaMs;
        String note = String.format("CPU per frame: consumer thread %.3f ms, other Java-visible threads (PipeWire's "
                        + "loop, portal watch) %.3f, the rest (JIT, GC, PipeWire's data loop) %.3f; producer frames "
                        + "not seen %s; producer ticks without a free buffer %d; pts→filled p50 %.2f ms", consumerMs,
                otherJavaMs, restMs, r.get("skipped"), p.starvedDuringLastRate, ms(r.get("fill50")));
        return new Row(name, frames / wall, producerFps, cpuMs / frames, 100 * cpuMs / 1000 / wall,
                String.format("%,d", copied / Math.max(1, frames)), latency,
                String.format("%.1f", (double) alloc / Math.max(1, frames)), note);
    }

    private static double ms(String nanos) {
        return Long.parseLong(nanos) / 1e6;
    }

    // ---- GStreamer ----------------------------------------------------------------------------------------------

    /**
     * {@code gst-launch-1.0 pipewiresrc path=NODE num-buffers=N ! video/x-raw,format=BGRx,… ! fakesink}, twice
     * (N = 1 s and 1 s + {@code seconds} of frames); rate and CPU per frame from the difference, CPU from bash's
     * {@code times} (children's user + system time).
     */
    private static Row gstreamer(PipeWireSession pw, Producer p, String size, int fps, int seconds)
            throws Exception {
        String[] wh = size.split("x");
        int shortRun = fps, longRun = fps * (1 + seconds);
        double[] a = gstRun(pw, p.node, wh, shortRun);
        long produced0 = p.frames();
        long starved0 = p.starved();
        long t0 = System.nanoTime();
        double[] b = gstRun(pw, p.node, wh, longRun);
        double producerFps = (p.frames() - produced0) / ((System.nanoTime() - t0) / 1e9);
        long starved = p.starved() - starved0;
        double frames = longRun - shortRun;
        double wall = b[0] - a[0];
        double cpu = b[1] - a[1];
        return new Row("GStreamer pipewiresrc ! fakesink (gst-launch-1.0)", frames / wall, producerFps,
                1000 * cpu / frames,
                100 * cpu / wall, "0 (wraps the buffers)", "n/a (no per-buffer hook in gst-launch)", "n/a",
                "two runs, " + shortRun + " and " + longRun + " buffers, differenced; producer ticks without a free "
                        + "buffer during the long run " + starved);
    }

    /** Wall seconds and CPU seconds of one gst-launch run of {@code buffers} buffers. */
    private static double[] gstRun(PipeWireSession pw, int node, String[] wh, int buffers) throws Exception {
        String pipeline = "gst-launch-1.0 -q pipewiresrc path=" + node + " always-copy=false num-buffers=" + buffers
                + " ! video/x-raw,format=BGRx,width=" + wh[0] + ",height=" + wh[1] + " ! fakesink sync=false";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", pipeline + " >/dev/null && times")
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        environment(pb, pw);
        long t0 = System.nanoTime();
        Process proc = pb.start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!proc.waitFor(120, TimeUnit.SECONDS) || proc.exitValue() != 0) {
            proc.destroyForcibly();
            throw new IllegalStateException("gst-launch failed: " + out);
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        // times: "0m0.001s 0m0.002s" (the shell), then the same for its children
        List<String> lines = out.lines().filter(l -> l.contains("m") && l.contains("s")).toList();
        String[] children = lines.get(lines.size() - 1).trim().split("\\s+");
        return new double[]{wall, seconds(children[0]) + seconds(children[1])};
    }

    private static double seconds(String bashTime) {
        Matcher m = Pattern.compile("(\\d+)m([\\d.]+)s").matcher(bashTime);
        if (!m.matches()) {
            throw new IllegalArgumentException("bash times=" + bashTime);
        }
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
    }

    // ---- the producer -------------------------------------------------------------------------------------------

    /** The benchmark producer in a JVM of its own ({@code TestProducer.main}). */
    static final class Producer implements AutoCloseable {
        final Process process;
        final int node;
        final String format;
        final Writer stdin;
        final BufferedReader stdout;

        private Producer(Process process, int node, String format, BufferedReader stdout) {
            this.process = process;
            this.node = node;
            this.format = format;
            this.stdout = stdout;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        static Producer start(PipeWireSession pw, String format, String size, int fps) throws IOException {
            ProcessBuilder pb = new ProcessBuilder(java(TestProducer.class, pw.pipeWireSocket().toString(), format,
                    size, String.valueOf(fps))).redirectError(ProcessBuilder.Redirect.INHERIT);
            environment(pb, pw);
            Process p = pb.start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("NODE ")) {
                p.destroyForcibly();
                throw new IllegalStateException("the benchmark producer did not start: " + line);
            }
            return new Producer(p, Integer.parseInt(line.substring(5).trim()), format, out);
        }

        /** Ticks of its clock at which the producer found no free buffer (the consumer still held them). */
        long starved() throws IOException {
            stdin.write("frames\n");
            stdin.flush();
            String line = stdout.readLine();
            String[] parts = line == null ? new String[0] : line.trim().split(" ");
            if (parts.length < 4) {
                throw new IOException("the benchmark producer answered " + line);
            }
            return Long.parseLong(parts[3]);
        }

        /** Frames the producer has made so far. */
        long frames() throws IOException {
            stdin.write("frames\n");
            stdin.flush();
            String line = stdout.readLine();
            if (line == null || !line.startsWith("FRAMES ")) {
                throw new IOException("the benchmark producer answered " + line);
            }
            return Long.parseLong(line.substring(7).trim().split(" ")[0]);
        }

        long starvedDuringLastRate;

        /** The producer's own rate over the next {@code seconds} (what it made while a consumer measured). */
        double rateDuring(int seconds) throws IOException, InterruptedException {
            long f0 = frames();
            long s0 = starved();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double rate = (frames() - f0) / ((System.nanoTime() - t0) / 1e9);
            starvedDuringLastRate = starved() - s0;
            return rate;
        }

        void pointPortalAt(PipeWireSession pw) throws IOException {
            pw.control(Map.of("node_id", node, "version", 4, "source_types", 1, "cursor_modes", 7));
        }

        @Override
        public void close() throws InterruptedException {
            try {
                stdin.close(); // EOF: the producer ends
            } catch (IOException e) {
                // gone already
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    private static List<String> java(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The private session's environment, a Wayland session without an X display. */
    private static void environment(ProcessBuilder pb, PipeWireSession pw) {
        pb.environment().putAll(pw.environmentMap());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("WAYLAND_DISPLAY");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("option=" + args[i] + " (use --size, --fps, --seconds, "
                        + "--warmup, --dir)");
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }

    private static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(cpu);
        } catch (IOException e) {
            // keep "unknown"
        }
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", Java " + Runtime.version();
    }

    static String report(List<Row> rows, String size, int fps, int seconds) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("Wayland capture, %s at %d fps from the benchmark producer, %d s per row; %s; %s%n%n",
                size, fps, seconds, LocalDate.now(), machine()));
        s.append("| Consumer | frames/s received | producer frames/s meanwhile | CPU ms per frame | CPU % of a core "
                + "| bytes copied per frame | latency pts→held ms (p50 / p99 / max) | bytes allocated per frame "
                + "(consumer thread) | notes |\n");
        s.append("|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
        for (Row r : rows) {
            s.append(String.format("| %s | %.1f | %.1f | %.3f | %.1f | %s | %s | %s | %s |%n", r.consumer(), r.fps(),
                    r.producerFps(), r.cpuMsPerFrame(), r.cpuPercent(), r.bytesCopied(), r.latency(), r.alloc(),
                    r.note()));
        }
        return s.toString();
    }
}
