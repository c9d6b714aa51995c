package dev.deskdup.cli.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs every contender at every size: for each size a fresh private Xvfb (or the given display), every contender
 * opened and warmed up, then {@code rounds} rounds in each of which every contender runs one batch in turn (A B C,
 * A B C, ...), so that drift on a busy machine (another build, thermal limits) falls on all of them alike.
 */
final class BenchRunner {

    /** Frame-time buffer for a batch bounded by time rather than frames: a batch ends early when it is full. */
    static final int MAX_TIMED_FRAMES_PER_BATCH = 1 << 20;

    private final BenchSettings settings;
    private final List<Supplier<Contender>> contenders;
    private final Progress progress;

    BenchRunner(BenchSettings settings, List<Supplier<Contender>> contenders, Progress progress) {
        this.settings = settings;
        this.contenders = contenders;
        this.progress = progress;
    }

    /** Every contender of the benchmark, in the order of the table; a skipped one is still listed. */
    static List<Supplier<Contender>> allContenders(int maxFramesPerBatch) {
        return List.of(
                CopyFloorContender::new,
                DeskdupContender::fullFrame,
                () -> DeskdupContender.damage("deskdup-damage-square", "64×64 moving square",
                        Workload::movingSquare),
                () -> DeskdupContender.damage("deskdup-damage-full", "full-screen change",
                        Workload::fullScreenChange),
                () -> new RobotContender(maxFramesPerBatch),
                FfmpegX11GrabContender::new);
    }

    BenchReport run() {
        BenchReport report = new BenchReport(settings);
        progress.begin((long) settings.sizes().size() * contenders.size() * (1 + settings.rounds()));
        for (BenchSettings.Size size : settings.sizes()) {
            runSize(size, report);
        }
        return report;
    }

    private void runSize(BenchSettings.Size size, BenchReport report) {
        String label = size.toString();
        VirtualDisplay xvfb = null;
        try {
            BenchTarget target;
            if (settings.display() == null) {
                try {
                    xvfb = VirtualDisplay.start(size.width(), size.height());
                } catch (RuntimeException e) {
                    skipAll(report, label, "no private X server: " + e.getMessage());
                    return;
                }
                report.addXvfbPid(xvfb.pid());
                target = new BenchTarget(xvfb.display(), xvfb.xauthority(), size.width(), size.height(), xvfb.pid());
                paintBackground(target);
            } else {
                String problem = checkFits(settings.display(), size);
                if (problem != null) {
                    skipAll(report, label, problem);
                    return;
                }
                target = new BenchTarget(settings.display(), null, size.width(), size.height(),
                        localServerPid(settings.display()));
            }
            measure(target, report);
        } finally {
            if (xvfb != null) {
                xvfb.close();
            }
        }
    }

    private void measure(BenchTarget target, BenchReport report) {
        Map<Contender, ContenderResult> open = new LinkedHashMap<>();
        List<ContenderResult> results = new ArrayList<>();
        try {
            for (Supplier<Contender> factory : contenders) {
                Contender c = factory.get();
                ContenderResult result = new ContenderResult(c, target.size());
                results.add(result);
                try {
                    c.open(target, settings.warmupFrames());
                    open.put(c, result);
                } catch (ContenderSkipped e) {
                    result.skip(e.getMessage());
                    c.close();
                } catch (RuntimeException e) {
                    result.skip(e.toString());
                    c.close();
                }
                progress.step(target.size() + " warm-up: " + c.name());
            }
            int capacity = settings.byFrames() ? (int) Math.min(Integer.MAX_VALUE - 8, settings.framesPerRound())
                    : MAX_TIMED_FRAMES_PER_BATCH;
            FrameTimes times = new FrameTimes(Math.max(1, capacity));
            BatchSpec spec = settings.byFrames() ? BatchSpec.ofFrames(settings.framesPerRound())
                    : BatchSpec.ofNanos(settings.nanosPerRound());
            progress.advance((long) (results.size() - open.size()) * settings.rounds());
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Map.Entry<Contender, ContenderResult> e : open.entrySet()) {
                    ContenderResult result = e.getValue();
                    if (!result.isSkipped()) {
                        try {
                            result.add(e.getKey().run(spec, times), times);
                        } catch (ContenderSkipped | RuntimeException ex) {
                            result.skip("failed in round " + round + ": " + ex.getMessage());
                        }
                    }
                    progress.step(target.size() + " round " + round + "/" + settings.rounds() + ": "
                            + e.getKey().name());
                }
            }
        } finally {
            open.keySet().forEach(Contender::close);
            results.forEach(report::add);
        }
    }

    private void skipAll(BenchReport report, String size, String reason) {
        for (Supplier<Contender> factory : contenders) {
            Contender c = factory.get();
            report.add(ContenderResult.skipped(c, size, reason));
            c.close();
            progress.advance(1 + settings.rounds());
        }
    }

    /** Colour bars, so the frames are not all zero bytes (which no copy cares about, but a reader of PNGs does). */
    private static void paintBackground(BenchTarget target) {
        try (X11Painter painter = target.painter()) {
            VirtualDisplay.drawColourBars(painter);
        } catch (RuntimeException e) {
            // a black screen measures the same; the contenders will say if the display is unusable
        }
    }

    /**
     * The process id of a local X server, from the lock file every X server on this machine writes
     * ({@code /tmp/.X0-lock} for {@code :0}), so its CPU time can be read; 0 when unknown (remote, no lock file).
     */
    static long localServerPid(String display) {
        Matcher m = Pattern.compile("^(?:unix)?:(\\d+)(?:\\.\\d+)?$")
                .matcher(display.trim());
        if (!m.matches()) {
            return 0;
        }
        try {
            long pid = Long.parseLong(Files.readString(Path.of("/tmp/.X" + m.group(1) + "-lock")).trim());
            return ProcessHandle.of(pid).isPresent() ? pid : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Null when the display's screen holds the size, else why not. */
    private static String checkFits(String display, BenchSettings.Size size) {
        try {
            DisplayInfo info = DisplayInfo.query(CaptureOptions.defaults().display(display)
                    .source(CaptureOptions.SOURCE_X11));
            if (info.screenWidth() < size.width() || info.screenHeight() < size.height()) {
                return "display " + display + " is " + info.screenWidth() + "x" + info.screenHeight()
                        + ", smaller than " + size;
            }
            return null;
        } catch (RuntimeException e) {
            return "cannot open display " + display + ": " + e.getMessage();
        }
    }
}
