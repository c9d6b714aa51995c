package dev.deskdup.cli.bench;

import dev.deskdup.CaptureException;
import dev.deskdup.cli.SafeOutputFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deskdup bench}: deskdup against java.awt.Robot, FFmpeg x11grab and a plain memory copy (issue 4). */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        header = "Measure capture speed: deskdup against java.awt.Robot, FFmpeg x11grab and a memory copy.",
        description = {
                "Captures the top-left WIDTHxHEIGHT of a screen with each contender, unpaced, as fast as it goes, "
                        + "and reports for each contender and size: frames per second; per-frame time (p50, p99); "
                        + "CPU time per frame of the capturing process and of the X server (from /proc); Java heap "
                        + "bytes allocated per frame and garbage collections (for the contenders in a JVM); and "
                        + "frames per second as a multiple of the floor's and of deskdup full-frame's.",
                "",
                "Contenders:",
                "  floor           One MemorySegment.copy of a frame's bytes, off-heap to",
                "                  off-heap: no capture that copies a frame can beat it.",
                "  deskdup full    ScreenCapture.acquire + release, change tracking off: the",
                "                  X server writes each whole frame into shared memory,",
                "                  handed over as a view.",
                "  deskdup damage  Change tracking on (only changed areas copied); a 64x64",
                "                  square moves, or the whole screen changes, before each",
                "                  frame (drawing not timed).",
                "  java.awt.Robot  createScreenCapture, a new BufferedImage per frame, in a",
                "                  child JVM with DISPLAY set (AWT reads it only from the",
                "                  environment); the child measures itself.",
                "  FFmpeg x11grab  ffmpeg -f x11grab -framerate 10000 ... -fps_mode passthrough",
                "                  -f null -, if ffmpeg is on PATH. Time and CPU from its",
                "                  -benchmark figures (start-up excluded); no per-frame times;",
                "                  x11grab paces itself to at most 10000 frames/s.",
                "",
                "Each size gets a fresh private Xvfb (stopped afterwards), unless --display is given. Every "
                        + "contender is warmed up, then the contenders take turns, one batch each per round (A B "
                        + "C, A B C, ...), so that drift on a busy machine falls on all alike. A contender that "
                        + "cannot run (no ffmpeg, no AWT, a display it cannot capture) is listed as skipped with the reason.",
                "",
                "Writes the Markdown table to stdout, and bench.md, bench.json and bench.png (frames/s per size, "
                        + "log scale) to --out. A progress bar is shown on stderr when it is a terminal."},
        footer = {
                "  deskdup bench",
                "  deskdup bench --sizes 1280x720,1920x1080 --seconds 10 --rounds 5 \\",
                "      --out bench-results",
                "  deskdup bench --display :0 --sizes 1920x1080 --frames 1000"})
public final class BenchCommand implements Callable<Integer> {

    static final long DEFAULT_FRAMES = 600;

    @Spec
    CommandSpec spec;

    @Option(names = "--sizes", paramLabel = "WxH[,WxH...]", defaultValue = "1280x720,1920x1080,3840x2160",
            description = "Screen sizes to measure, in order (default: ${DEFAULT-VALUE}).")
    String sizes;

    @Option(names = "--frames", paramLabel = "N",
            description = "Measured frames per contender and size, split over the rounds (default: "
                    + DEFAULT_FRAMES + " unless --seconds is given).")
    Long frames;

    @Option(names = "--seconds", paramLabel = "S",
            description = "Measure each contender for S seconds per size instead, split over the rounds "
                    + "(default: none; --frames applies).")
    Double seconds;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "5",
            description = "Rounds in which the contenders take turns (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "200",
            description = "Unmeasured frames per contender and size before the first round (default: "
                    + "${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--display", paramLabel = "D",
            description = "Measure on this X display, e.g. :0, instead of a private Xvfb per size; each size must "
                    + "fit its screen (default: a private Xvfb per size).")
    String display;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Directory for bench.md, bench.json and bench.png, created if missing (default: "
                    + "${DEFAULT-VALUE}).")
    Path out;

    /** The files written into --out. */
    private static final String[] OUTPUTS = {"bench.md", "bench.json", "bench.png"};

    @Option(names = "--no-progress", description = "No progress bar, even on a terminal.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        if (frames != null && seconds != null) {
            throw new IllegalArgumentException("--frames and --seconds: choose one");
        }
        if (frames != null && frames < 1) {
            throw new IllegalArgumentException("frames=" + frames + " must be at least 1");
        }
        if (seconds != null && !(seconds > 0 && seconds <= 86_400)) {
            throw new IllegalArgumentException("seconds=" + seconds + " is out of range (more than 0, at most "
                    + "86400)");
        }
        BenchSettings settings = new BenchSettings(BenchSettings.parseSizes(sizes),
                seconds != null ? 0 : frames != null ? frames : DEFAULT_FRAMES, seconds != null ? seconds : 0,
                rounds, warmup, display);
        Files.createDirectories(out);
        // Before the long run: each output must be a regular file or a new path (never a device or a directory).
        for (String name : OUTPUTS) {
            SafeOutputFile.check("out", out.resolve(name), false);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int maxFrames = settings.byFrames() ? (int) Math.min(Integer.MAX_VALUE - 8, settings.framesPerRound())
                : BenchRunner.MAX_TIMED_FRAMES_PER_BATCH;
        BenchReport report;
        try (Progress progress = Progress.forConsole(!noProgress)) {
            report = new BenchRunner(settings, BenchRunner.allContenders(maxFrames), progress).run();
        }
        String table = report.markdown();
        stdout.print(table);
        stdout.flush();
        SafeOutputFile.write("out", out.resolve("bench.md"), o -> o.write(table.getBytes(StandardCharsets.UTF_8)));
        SafeOutputFile.write("out", out.resolve("bench.json"),
                o -> o.write(report.json().getBytes(StandardCharsets.UTF_8)));
        SafeOutputFile.write("out", out.resolve("bench.png"), o -> ChartWriter.write(report, o));
        err.println("deskdup bench: wrote " + out.resolve("bench.md") + ", " + out.resolve("bench.json") + ", "
                + out.resolve("bench.png"));
        err.flush();
        if (report.results().stream().allMatch(ContenderResult::isSkipped)) {
            throw new CaptureException("every contender was skipped at every size (see the table for why)");
        }
        return 0;
    }
}
