package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.ScreenCapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code deskdup stream}: raw BGRA frames at a steady rate, for ffmpeg or any reader of raw video. */
@Command(name = "stream",
        mixinStandardHelpOptions = true,
        header = "Stream raw BGRA frames to stdout or a file, e.g. into ffmpeg.",
        description = {
                "Streams the screen (or --region, one --monitor, or one --window) as raw video: frames of "
                        + "WIDTH*HEIGHT*4 bytes, BGRA, rows packed top to bottom, no header, at --fps frames per "
                        + "second, to stdout "
                        + "or --out FILE. The frames are written straight from the capture's memory, without a "
                        + "copy in Java and without allocating per frame.",
                "",
                "On start it prints to stderr, as one line, the ffmpeg input options that read the stream, e.g. "
                        + "'-f rawvideo -pix_fmt bgra -s 1280x720 -r 30 -i -'.",
                "",
                "By default only what changed on the screen is copied (X DAMAGE change tracking): an idle screen "
                        + "costs no copies and almost no CPU. --full-frame copies the whole area for every frame "
                        + "instead (as on a server without DAMAGE), e.g. to measure that cost or to work around a "
                        + "driver that does not report changes.",
                "",
                "The rate is kept steady for video: when the screen has not changed by the time a frame is "
                        + "due, the previous frame is written again (it is complete, not just its changes). It "
                        + "ends after --frames frames, on Ctrl-C, or when the reader closes the pipe (exit "
                        + "code 0); Ctrl-C and SIGTERM end it cleanly too (exit code 0; an --out file is renamed into "
                        + "place).",
                "",
                "The frame size stays the one printed at the start for the whole stream: when the screen (or the "
                        + "monitor) is resized, --on-resize fits frames of the new size into it (scale, the default: "
                        + "stretched; pad: letterboxed; crop: 1:1 from the top-left), or ends the stream (stop, exit "
                        + "code 3, naming both sizes).",
                "",
                "The mouse cursor is left out by default. With --cursor composited it is drawn into the frames, "
                        + "and the pointer moving over an otherwise idle screen makes frames too (only the "
                        + "cursor's old and new places are copied; this needs XInput 2, 'deskdup info' says "
                        + "whether pointer-motion is on)."},
        footer = {
                "  deskdup stream --frames 300 \\",
                "      | ffmpeg -f rawvideo -pix_fmt bgra -s 1280x720 -r 30 -i - out.mp4",
                "  deskdup stream --virtual --frames 300 --out frames.bgra",
                "  deskdup stream --window 'Mozilla Firefox' --frames 300 --out browser.bgra",
                "  deskdup stream --region 0,0,640,480 --fps 60 --frames 600 \\",
                "      | ffmpeg -f rawvideo -pix_fmt bgra -s 640x480 -r 60 -i - clip.mp4",
                "  deskdup stream --monitor DP-1 --cursor composited \\",
                "      | ffmpeg -f rawvideo -pix_fmt bgra -s 1920x1080 -r 30 -i - screencast.mp4",
                "  deskdup stream --full-frame --frames 100 --out /dev/null   # full copies",
                "  deskdup stream --monitor 0 --on-resize stop --out monitor.bgra"})
final class StreamCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ParentCommand
    DeskdupCommand parent;

    @Mixin
    TargetOptions target;

    @Mixin
    AreaOptions area;

    @Option(names = "--cursor", paramLabel = "MODE", defaultValue = "none",
            converter = Converters.CursorConverter.class, completionCandidates = Converters.CursorModes.class,
            description = "The mouse cursor: none (left out) or composited (drawn into the frames). separate is "
                    + "refused: raw video has no place for the cursor beside the pixels (default: "
                    + "${DEFAULT-VALUE}).")
    CursorMode cursor;

    @Option(names = "--full-frame",
            description = "Copy the whole area for every frame instead of only what changed (turns change "
                    + "tracking off).")
    boolean fullFrame;

    @Option(names = "--fps", paramLabel = "N", defaultValue = "30",
            description = "Frames per second, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "0",
            description = "Stop after N frames; 0 streams until stopped (default: ${DEFAULT-VALUE}).")
    long frames;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "-",
            description = "Where to write the frames: - for stdout, a file (a new path or a regular file, "
                    + "replaced in one step when the stream ends), or a FIFO or character device written in place "
                    + "(e.g. /dev/null); a directory or any other kind of file is refused (default: ${DEFAULT-VALUE}).")
    String out;

    @Option(names = "--on-resize", paramLabel = "POLICY", defaultValue = "scale",
            converter = ResizePolicy.Converter.class, completionCandidates = ResizePolicy.Values.class,
            description = ResizePolicy.HELP)
    ResizePolicy onResize;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the first frame (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws IOException {
        if (fps < 1 || fps > 1000) {
            throw new IllegalArgumentException("fps=" + fps + " is out of range (choose 1 to 1000, e.g. 30)");
        }
        if (frames < 0) {
            throw new IllegalArgumentException("frames=" + frames + " must be >= 0 (0 streams until stopped)");
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout-ms=" + timeoutMs + " must be at least 1");
        }
        if (!"-".equals(out)) {
            SafeOutputFile.check("out", Path.of(out), true);
        } else {
            checkStdoutIsNoTerminal();
        }
        area.checkExclusive();
        if (cursor == CursorMode.SEPARATE) {
            throw new IllegalArgumentException("cursor=separate: raw video has no place for the cursor beside the "
                    + "pixels (choose composited to draw it into the frames, or none)");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Target t = target.open(err);
             ScreenCapture capture = ScreenCapture.open(captureOptions(t));
             FrameFitter fitter = new FrameFitter(onResize, capture.width(), capture.height());
             FixedRatePacer pacer = new FixedRatePacer(capture, fps, timeoutMs);
             StopSignals stop = StopSignals.install(null);
             SafeOutputFile file = "-".equals(out) ? null : SafeOutputFile.create("out", Path.of(out), true)) {
            err.println("-f rawvideo -pix_fmt bgra -s " + capture.width() + "x" + capture.height()
                    + " -r " + fps + " -i -");
            err.flush();
            WritableByteChannel channel = file == null ? parent.stdoutChannel() : file.channel();
            PackedFrameWriter writer = new PackedFrameWriter(channel);
            long frameBytes = 4L * capture.width() * capture.height();
            try {
                stream(pacer, fitter, writer, stop);
            } catch (IOException e) {
                if (file == null && isClosedPipe(e)) {
                    return ExitCodes.OK;   // the reader had enough (| head -c N): not an error
                }
                keepWholeFrames(file, writer, frameBytes, err);
                throw e;
            } catch (RuntimeException e) {
                keepWholeFrames(file, writer, frameBytes, err);
                throw e;
            }
            if (file != null) {
                file.commit();
            } else {
                channel.close();
            }
        }
        return ExitCodes.OK;
    }

    /** Frames at --fps until --frames or a stop signal; each one the size the stream started with. */
    private void stream(FixedRatePacer pacer, FrameFitter fitter, PackedFrameWriter writer, StopSignals stop)
            throws IOException {
        for (long written = 0; (frames == 0 || written < frames) && !stop.requested(); ) {
            FittedFrame fitted = fitter.fit(pacer.next());
            if (!pacer.isLate()) {
                writer.write(fitted);
                written++;
            }
        }
    }

    /**
     * After a failure: an --out file keeps the whole frames written so far (a partial last frame is cut off), renamed
     * into place, and says so; nothing is kept when no frame was written.
     */
    private void keepWholeFrames(SafeOutputFile file, PackedFrameWriter writer, long frameBytes, PrintWriter err) {
        if (file == null || file.kind() != SafeOutputFile.Kind.FILE) {
            return;
        }
        long whole = writer.bytesWritten() / frameBytes;
        if (whole == 0) {
            return;   // closing the file deletes it: the target stays as it was
        }
        try {
            file.truncate(whole * frameBytes);
            file.commit();
            err.println("deskdup stream: the " + whole + " whole frames written before the error are kept in "
                    + file.target());
        } catch (IOException e) {
            err.println("deskdup stream: could not keep the frames written before the error: " + e.getMessage());
        }
        err.flush();
    }

    /**
     * The options of the capture: area, cursor, change tracking (on unless --full-frame), and what the pacing needs
     * ({@link FixedRatePacer}: frames on an absolute schedule, repeats while nothing changes).
     */
    CaptureOptions captureOptions(Target t) {
        CaptureOptions options = target.captureOptions(t).cursor(cursor).changeTracking(!fullFrame);
        return FixedRatePacer.configure(area.apply(options, target), fps);
    }

    /** Megabytes of raw pixels would flood the terminal; this is never what was meant. */
    private static void checkStdoutIsNoTerminal() {
        Console console = System.console();
        if (console != null && console.isTerminal()) {
            throw new IllegalArgumentException("out=- is a terminal: pipe the stream into a reader (e.g. "
                    + "| ffmpeg ...) or write it to a file with --out FILE");
        }
    }

    /** EPIPE: the reader closed its end. The JVM ignores SIGPIPE, so it arrives as an IOException. */
    static boolean isClosedPipe(IOException e) {
        if (e instanceof ClosedChannelException) {
            return true;
        }
        String message = e.getMessage();
        return message != null && (message.contains("Broken pipe") || message.contains("Stream closed"));
    }
}
