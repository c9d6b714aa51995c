package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code deskdup screenshot FILE.png}: one frame, written as PNG. */
@Command(name = "screenshot",
        mixinStandardHelpOptions = true,
        header = "Capture one frame and write it as PNG.",
        description = "Captures one frame of the screen (or of --region) and writes it to FILE as PNG. "
                + "Prints 'FILE WIDTHxHEIGHT' when done.",
        footer = {
                "  deskdup screenshot shot.png",
                "  deskdup screenshot top-left.png --region 0,0,640,480",
                "  deskdup screenshot scene.png --virtual"})
final class ScreenshotCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Parameters(index = "0", paramLabel = "FILE", description = "The PNG file to write (replaced if it exists).")
    Path file;

    @Option(names = "--region", paramLabel = "X,Y,W,H", converter = Converters.RegionConverter.class,
            description = "Part of the screen to capture: left, top, width, height in pixels (default: the whole "
                    + "screen).")
    Region region;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "5000",
            description = "How long to wait for the frame (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Override
    public Integer call() throws IOException {
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeout-ms=" + timeoutMs + " must be at least 1");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("FILE=" + file + ": directory " + parent + " does not exist "
                    + "(create it, or choose another path)");
        }
        BufferedImage image;
        try (Target t = target.open(spec.commandLine().getErr())) {
            CaptureOptions options = target.captureOptions(t).region(region);
            try (ScreenCapture capture = ScreenCapture.open(options)) {
                Frame frame = capture.acquire(timeoutMs, TimeUnit.MILLISECONDS);
                if (frame == null) {
                    throw new CaptureException("no frame within timeout-ms=" + timeoutMs + " from source="
                            + capture.sourceName() + " (is the display alive? raise --timeout-ms)");
                }
                try (frame) {
                    image = frame.toBufferedImage();
                }
            }
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM (ImageIO returned false for FILE=" + file + ")");
        }
        spec.commandLine().getOut().println(file + " " + image.getWidth() + "x" + image.getHeight());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
