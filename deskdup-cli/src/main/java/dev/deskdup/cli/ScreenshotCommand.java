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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code deskdup screenshot FILE.png}: one frame, written as PNG. */
@Command(name = "screenshot",
        mixinStandardHelpOptions = true,
        header = "Capture one frame and write it as PNG.",
        description = {
                "Captures one frame of the screen (or of --region, of one --monitor, or of one --window, also "
                        + "where other windows cover it) and writes it to FILE as "
                        + "PNG. Prints 'FILE WIDTHxHEIGHT' when done; with --cursor separate, followed by "
                        + "'cursor X,Y' (the pointer's hotspot in the image's coordinates) or 'cursor outside'.",
                "",
                "The frame is taken at once, also on an idle screen: the first frame of a capture is always "
                        + "complete, whatever changed or not.",
                "",
                "The mouse cursor is drawn into the image by default (--cursor composited), as it was on the "
                        + "screen at that moment."},
        footer = {
                "  deskdup screenshot shot.png",
                "  deskdup screenshot top-left.png --region 0,0,640,480",
                "  deskdup screenshot left.png --monitor DP-1          # or --monitor 0; see 'deskdup info'",
                "  deskdup screenshot editor.png --window 0x1a00003    # see 'deskdup windows'",
                "  deskdup screenshot clean.png --cursor none",
                "  deskdup screenshot scene.png --virtual"})
final class ScreenshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Parameters(index = "0", paramLabel = "FILE", description = "The PNG file to write: a new path or a regular file, replaced in one step once the "
            + "image is complete (anything else, such as a directory or a device, is refused).")
    Path file;

    @Mixin
    AreaOptions area;

    @Option(names = "--cursor", paramLabel = "MODE", defaultValue = "composited",
            converter = Converters.CursorConverter.class, completionCandidates = Converters.CursorModes.class,
            description = "The mouse cursor: composited (drawn into the image), none (left out), or separate "
                    + "(left out of the image, its position printed after the size) (default: ${DEFAULT-VALUE}).")
    CursorMode cursor;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the frame (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws IOException {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout-ms=" + timeoutMs + " must be at least 1");
        }
        area.checkExclusive();
        SafeOutputFile.check("FILE", file, false);   // before anything is captured: a device or a directory is bad input
        BufferedImage image;
        String cursorNote = "";
        try (Target t = target.open(spec.commandLine().getErr())) {
            CaptureOptions options = captureOptions(t);
            try (ScreenCapture capture = ScreenCapture.open(options)) {
                Frame frame = capture.acquire(timeoutMs, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    throw new CaptureException("no frame within timeout-ms=" + timeoutMs + " from source="
                            + capture.sourceName() + " (is the display alive? raise --timeout-ms)");
                }
                try (frame) {
                    image = frame.toBufferedImage();
                    if (cursor == CursorMode.SEPARATE) {
                        cursorNote = frame.cursorVisible() ? " cursor " + frame.cursorX() + "," + frame.cursorY()
                                : " cursor outside";
                    }
                }
            }
        }
        writePng(image);
        spec.commandLine().getOut().println(file + " " + image.getWidth() + "x" + image.getHeight()
                + cursorNote);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /**
     * Writes the PNG into a temporary file beside FILE and renames it into place: FILE is never deleted first (as
     * {@code ImageIO.write(image, "png", File)} does), and a failed write leaves it as it was.
     */
    private void writePng(BufferedImage image) throws IOException {
        ImageIO.setUseCache(false);   // else ImageIO caches the image (the screen's pixels) in a file in java.io.tmpdir
        SafeOutputFile.write("FILE", file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this JVM (ImageIO returned false)");
            }
        });
    }

    /**
     * The options of the capture: the area, the cursor. Change tracking stays on (the library's default): the first
     * frame is always delivered complete, so the one frame a screenshot takes comes at once.
     */
    CaptureOptions captureOptions(Target t) {
        CaptureOptions options = target.captureOptions(t).cursor(cursor);
        return area.apply(options, target);
    }
}
