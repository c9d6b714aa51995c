package dev.deskdup.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** All results of a run, with the ratios between them, as a Markdown table and as JSON. */
final class BenchReport {

    static final String FLOOR_ID = "copy-floor";
    static final String DESKDUP_FULL_ID = "deskdup-full";

    private final BenchSettings settings;
    private final Instant started = Instant.now();
    private final List<ContenderResult> results = new ArrayList<>();
    private final List<Long> xvfbPids = new ArrayList<>();

    BenchReport(BenchSettings settings) {
        this.settings = settings;
    }

    void add(ContenderResult result) {
        results.add(result);
    }

    void addXvfbPid(long pid) {
        xvfbPids.add(pid);
    }

    List<ContenderResult> results() {
        return List.copyOf(results);
    }

    /** The private Xvfb servers the run started (one per size); all stopped when the run ends. */
    List<Long> xvfbPids() {
        return List.copyOf(xvfbPids);
    }

    /** Sizes in the order they ran. */
    List<String> sizes() {
        Set<String> sizes = new LinkedHashSet<>();
        results.forEach(r -> sizes.add(r.size));
        return List.copyOf(sizes);
    }

    /** This result's frames/s divided by that of contender {@code id} at the same size; NaN when either is missing. */
    double fpsRatio(ContenderResult r, String id) {
        for (ContenderResult other : results) {
            if (other.id.equals(id) && other.size.equals(r.size) && !other.isSkipped() && !r.isSkipped()) {
                return r.fps() / other.fps();
            }
        }
        return Double.NaN;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| Size | Contender | Frames | Frames/s | p50 ms | p99 ms | CPU/frame capturing process µs "
                + "| CPU/frame X server µs | Alloc B/frame | GCs | × floor fps | × deskdup full fps |\n");
        sb.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (ContenderResult r : results) {
            sb.append("| ").append(r.size).append(" | ").append(r.name).append(" | ");
            if (r.isSkipped()) {
                sb.append("skipped: ").append(r.skipReason().replace("|", "/")).append(" | | | | | | | | | |\n");
                continue;
            }
            sb.append(r.frames()).append(" | ")
                    .append(fmt(r.fps(), 1)).append(" | ")
                    .append(fmt(r.percentileNanos(50) / 1e6, 3)).append(" | ")
                    .append(fmt(r.percentileNanos(99) / 1e6, 3)).append(" | ")
                    .append(fmt(r.ownCpuNanosPerFrame() / 1e3, 1)).append(" | ")
                    .append(fmt(r.serverCpuNanosPerFrame() / 1e3, 1)).append(" | ")
                    .append(fmt(r.allocBytesPerFrame(), 0)).append(" | ")
                    .append(r.gcCount() < 0 ? "n/a" : "" + r.gcCount()).append(" | ")
                    .append(fmt(fpsRatio(r, FLOOR_ID), 3)).append(" | ")
                    .append(fmt(fpsRatio(r, DESKDUP_FULL_ID), 3)).append(" |\n");
        }
        sb.append("\nFrames/s and per-frame times cover capturing only (scripted screen changes are drawn between "
                + "frames, untimed); the CPU columns include them. CPU times are counted in clock ticks (10 ms), "
                + "so give a run enough frames or seconds for them to settle. The capturing process is this JVM, "
                + "the Robot child JVM, or ffmpeg. n/a: not measurable for that contender (ffmpeg reports no "
                + "per-frame times and has no Java heap; a remote display has no X server process here).\n");
        return sb.toString();
    }

    String json() {
        JsonWriter w = new JsonWriter().beginObject();
        w.member("tool", "deskdup bench").member("started", started.toString());
        w.name("settings").beginObject();
        w.name("sizes").beginArray();
        settings.sizes().forEach(s -> w.value(s.toString()));
        w.endArray();
        w.member("frames", settings.frames()).member("seconds", settings.seconds())
                .member("rounds", settings.rounds()).member("warmupFrames", settings.warmupFrames())
                .member("display", settings.display() == null ? "private Xvfb per size" : settings.display())
                .endObject();
        w.name("environment").beginObject()
                .member("java", System.getProperty("java.vm.name") + " " + Runtime.version())
                .member("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"))
                .member("cpus", Runtime.getRuntime().availableProcessors())
                .member("clockTicksPerSecond", 1_000_000_000L / ProcStat.NANOS_PER_TICK)
                .endObject();
        w.name("xvfbPids").beginArray();
        xvfbPids.forEach(w::value);
        w.endArray();
        w.name("results").beginArray();
        for (ContenderResult r : results) {
            w.beginObject().member("size", r.size).member("id", r.id).member("contender", r.name)
                    .member("method", r.method);
            if (r.isSkipped()) {
                w.member("status", "skipped").member("reason", r.skipReason()).endObject();
                continue;
            }
            w.member("status", "ok")
                    .member("frames", r.frames()).member("rounds", r.rounds()).member("seconds", r.seconds())
                    .member("framesPerSecond", r.fps())
                    .member("p50Nanos", r.percentileNanos(50)).member("p99Nanos", r.percentileNanos(99))
                    .member("ownCpuNanosPerFrame", r.ownCpuNanosPerFrame())
                    .member("serverCpuNanosPerFrame", r.serverCpuNanosPerFrame())
                    .member("allocatedBytesPerFrame", r.allocBytesPerFrame());
            w.name("gcCount");
            if (r.gcCount() < 0) {
                w.value((String) null);
            } else {
                w.value(r.gcCount());
            }
            w.member("fpsRatioToFloor", fpsRatio(r, FLOOR_ID))
                    .member("fpsRatioToDeskdupFull", fpsRatio(r, DESKDUP_FULL_ID))
                    .endObject();
        }
        w.endArray().endObject();
        return w + "\n";
    }

    static String fmt(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
