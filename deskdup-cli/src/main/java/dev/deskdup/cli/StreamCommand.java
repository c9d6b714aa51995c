package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Frame;
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
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

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
                        + "code 0).",
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
                "  deskdup stream --full-frame --frames 100 --out /dev/null   # full copies"})
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
            description = "Where to write the frames: a file (replaced if it exists) or - for stdout "
                    + "(default: ${DEFAULT-VALUE}).")
    String out;

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
            Path parentDir = Path.of(out).toAbsolutePath().getParent();
            if (parentDir != null && !Files.isDirectory(parentDir)) {
                throw new IllegalArgumentException("out=" + out + ": directory " + parentDir + " does not exist "
                        + "(create it, or choose another path)");
            }
        }
        area.checkExclusive();
        if (cursor == CursorMode.SEPARATE) {
            throw new IllegalArgumentException("cursor=separate: raw video has no place for the cursor beside the "
                    + "pixels (choose composited to draw it into the frames, or none)");
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Target t = target.open(err)) {
            CaptureOptions options = captureOptions(t);
            try (ScreenCapture capture = ScreenCapture.open(options);
                 WritableByteChannel channel = openOutput()) {
                err.println("-f rawvideo -pix_fmt bgra -s " + capture.width() + "x" + capture.height()
                        + " -r " + fps + " -i -");
                err.flush();
                stream(capture, new PackedFrameWriter(channel));
            } catch (IOException e) {
                if (isClosedPipe(e)) {
                    return ExitCodes.OK;   // the reader had enough (| head -c N): not an error
                }
                throw e;
            }
        }
        return ExitCodes.OK;
    }

    private void stream(ScreenCapture capture, PackedFrameWriter writer) throws IOException {
        // The capture runs on an absolute schedule (fixedRate): frame k comes at start + k/fps, new if the screen
        // changed by then, else a repeat of the previous one (complete: its slot caught up on everything it missed).
        long intervalMillis = Math.max(1, 1000L / fps);
        for (long written = 0; frames == 0 || written < frames; written++) {
            long timeout = written == 0 ? timeoutMs : timeoutMs + intervalMillis;
            Frame frame = capture.acquire(timeout, TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new CaptureException("no frame within timeout-ms=" + timeout + " from source="
                        + capture.sourceName() + " (is the display alive? raise --timeout-ms)");
            }
            try (frame) {
                writer.write(frame);
            }
        }
    }

    /**
     * The options of the capture: area, cursor, change tracking (on unless --full-frame), exactly --fps frames per
     * second on the library's absolute schedule (repeats on an idle screen, no drift).
     */
    CaptureOptions captureOptions(Target t) {
        CaptureOptions options = target.captureOptions(t).fixedRate(fps).cursor(cursor).changeTracking(!fullFrame);
        return area.apply(options, target);
    }

    private WritableByteChannel openOutput() throws IOException {
        if ("-".equals(out)) {
            Console console = System.console();
            if (console != null && console.isTerminal()) {
                // Megabytes of raw pixels would flood the terminal; this is never what was meant.
                throw new IllegalArgumentException("out=- is a terminal: pipe the stream into a reader (e.g. "
                        + "| ffmpeg ...) or write it to a file with --out FILE");
            }
            return parent.stdoutChannel();
        }
        Path path = Path.of(out);
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IOException("cannot open out=" + out + " for writing: " + e
                    + " (check that its directory exists and is writable)", e);
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
