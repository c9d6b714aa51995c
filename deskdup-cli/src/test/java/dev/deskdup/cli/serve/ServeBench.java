package dev.deskdup.cli.serve;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;
import org.eclipse.jetty.util.ajax.JSON;

import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark of {@code deskdup serve} (not a test): draw → pixels on the canvas latency for a small change,
 * bytes/s for a typing-like workload and a full-screen animation, server CPU per viewer; for 1, 4 and 16 viewers in
 * one headless Chromium. Run with {@code deskdup-cli/bench-serve [--viewers 1,4,16] [--trials 200] [--seconds 10]}.
 *
 * <p>Latency: the page checks the pixel right after it drew each update (getImageData); the time is the page's
 * wall clock minus this JVM's wall clock just before the X drawing call (same machine, same clock).
 */
public final class ServeBench {

    private static final int W = 1920;
    private static final int H = 1080;

    public static void main(String[] args) throws Exception {
        int[] viewerCounts = {1, 4, 16};
        int trials = 200;
        int seconds = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--viewers" -> viewerCounts = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("deskdup serve benchmark, ").append(Instant.now()).append(", ").append(W).append('x').append(H)
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
                .append(Runtime.version()).append("\n\n");
        md.append("| viewers | small change p50 ms | p90 ms | p99 ms | max ms | typing B/s | typing server CPU %/viewer "
                + "| animation draws/s | animation updates/s per viewer | animation MB/s | animation server CPU %/viewer "
                + "| Xvfb CPU % (animation) |\n|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        try (VirtualDisplay xvfb = VirtualDisplay.start(W, H); Browser browser = Browser.start()) {
            for (int n : viewerCounts) {
                md.append(run(xvfb, browser, n, trials, seconds)).append('\n');
                System.out.println(md);
            }
        }
        Path out = Path.of("target/serve-bench.md");
        Files.writeString(out, md);
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static String run(VirtualDisplay xvfb, Browser browser, int viewers, int trials, int seconds)
            throws Exception {
        Screens.drawUiScene(xvfb, W, H);
        AccessToken token = AccessToken.generate();
        try (LiveServer server = Screens.serve(xvfb, ServeConfig.loopback(0, token), new StringWriter())) {
            List<String> pages = new ArrayList<>();
            for (int v = 0; v < viewers; v++) {
                String name = "v" + viewers + "-" + v;
                browser.call("open", "name", name, "url", server.url(), "width", 960, "height", 540);
                pages.add(name);
            }
            for (String p : pages) {
                browser.call("waitQuiet", "name", p, "quietMs", 300, "timeoutMs", 60000);
            }
            double[] latency = smallChangeLatency(xvfb, browser, pages, trials);
            Arrays.sort(latency);
            Load typing = load(xvfb, server, token, seconds, ServeBench::typing, browser, pages);
            Load animation = load(xvfb, server, token, seconds, ServeBench::animation, browser, pages);
            for (String p : pages) {
                browser.call("close", "name", p);
            }
            System.out.println("encodings so far (" + viewers + " viewers): " + encodings(server, token));
            return String.format(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %.1f | %,.0f | %.2f | %.1f | %.1f | %.2f "
                            + "| %.1f | %.1f |",
                    viewers, pct(latency, 0.5), pct(latency, 0.9), pct(latency, 0.99), latency[latency.length - 1],
                    typing.bytesPerSecond, typing.cpuPercent / viewers, animation.drawsPerSecond,
                    animation.updatesPerSecondPerViewer, animation.bytesPerSecond / 1e6,
                    animation.cpuPercent / viewers, animation.xvfbCpuPercent);
        }
    }

    /** A 100×100 square of a new colour at a random place, {@code trials} times; ms until every page shows it. */
    private static double[] smallChangeLatency(VirtualDisplay display, Browser browser, List<String> pages, int trials)
            throws Exception {
        Random r = new Random(1);
        double[] ms = new double[trials * pages.size()];
        int k = 0;
        try (X11Painter painter = display.painter()) {
            for (int t = 0; t < trials; t++) {
                int x = r.nextInt(W - 100);
                int y = 40 + r.nextInt(H - 140);
                int rgb = 0x100000 * (1 + t % 15) + 0x1000 * (t % 13) + 0x10 * (t % 11) + 1;
                for (String p : pages) {
                    browser.call("arm", "name", p, "x", x + 50, "y", y + 50, "rgb", rgb);
                }
                Instant start = Instant.now();
                painter.fillRect(x, y, 100, 100, rgb);
                painter.sync();
                double startMs = start.getEpochSecond() * 1000.0 + start.getNano() / 1e6;
                for (String p : pages) {
                    ms[k++] = Browser.real(browser.call("awaitArmed", "name", p, "timeoutMs", 10000), "epochMs")
                            - startMs;
                }
                Thread.sleep(20 + r.nextInt(30));
            }
        }
        return ms;
    }

    record Load(double bytesPerSecond, double cpuPercent, double drawsPerSecond, double updatesPerSecondPerViewer,
                double xvfbCpuPercent) {
    }

    interface Workload {
        /** Draws until {@code endNanos}; returns how many draws it made. */
        long draw(X11Painter painter, long endNanos) throws Exception;
    }

    private static Load load(VirtualDisplay xvfb, LiveServer server, AccessToken token, int seconds, Workload work,
                             Browser browser, List<String> pages) throws Exception {
        long bytes0 = bytesSent(server, token);
        long updates0 = updates(browser, pages);
        long cpu0 = processCpuNanos();
        long x0 = xvfbCpuTicks(xvfb.pid());
        long t0 = System.nanoTime();
        long draws;
        try (X11Painter painter = xvfb.painter()) {
            draws = work.draw(painter, t0 + seconds * 1_000_000_000L);
        }
        Thread.sleep(300);   // the last updates land
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long cpu = processCpuNanos() - cpu0;
        long xticks = xvfbCpuTicks(xvfb.pid()) - x0;
        long bytes = bytesSent(server, token) - bytes0;
        long updates = updates(browser, pages) - updates0;
        return new Load(bytes / elapsed, cpu / 1e7 / elapsed, draws / elapsed, updates / elapsed / pages.size(),
                xticks / elapsed);   // ticks are 1/100 s: ticks per second = percent of a core
    }

    /** 10 keystrokes a second: a 9×16 two-colour glyph at the next position of a line of text. */
    private static long typing(X11Painter painter, long endNanos) throws Exception {
        Random r = new Random(5);
        int[] glyph = new int[9 * 16];
        long n = 0;
        for (int col = 0; System.nanoTime() < endNanos; col++) {
            for (int i = 0; i < glyph.length; i++) {
                glyph[i] = r.nextInt(4) == 0 ? 0x111111 : 0xf4f4f4;
            }
            painter.putImage(40 + (col % 60) * 9, 600 + (col / 60 % 10) * 18, 9, 16, glyph);
            painter.sync();
            n++;
            Thread.sleep(100);
        }
        return n;
    }

    /** A new full-screen photographic image 30 times a second (as fast as the X server takes it, if slower). */
    private static long animation(X11Painter painter, long endNanos) throws Exception {
        int[][] frames = new int[3][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = Screens.photo(W, H, 100 + i);
        }
        long n = 0;
        long next = System.nanoTime();
        while (System.nanoTime() < endNanos) {
            painter.putImage(0, 0, W, H, frames[(int) (n % frames.length)]);
            painter.sync();
            n++;
            next += 33_333_333L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } else {
                next = System.nanoTime();
            }
        }
        return n;
    }

    private static long updates(Browser browser, List<String> pages) throws Exception {
        long sum = 0;
        for (String p : pages) {
            sum += Browser.number(browser.call("state", "name", p), "updates");
        }
        return sum;
    }

    /** Per encoding: rectangles, pixels, bytes, encoder ms, from /status. */
    @SuppressWarnings("unchecked")
    private static String encodings(LiveServer server, AccessToken token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/status"))
                .header("Authorization", "Bearer " + token.reveal()).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> status = (Map<String, Object>) new JSON().fromJSON(r.body());
        return new JSON().toJSON(status.get("encodings"));
    }

    @SuppressWarnings("unchecked")
    private static long bytesSent(LiveServer server, AccessToken token) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/status"))
                .header("Authorization", "Bearer " + token.reveal()).build(), HttpResponse.BodyHandlers.ofString());
        Map<String, Object> status = (Map<String, Object>) new JSON().fromJSON(r.body());
        return ((Number) status.get("bytesSent")).longValue();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long xvfbCpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);   // utime + stime
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))];
    }
}
