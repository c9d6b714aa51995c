package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.xvfb.VirtualDisplay;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** Which screen a command works on: a display, a private Xvfb (--virtual), or the synthetic test pattern. */
public final class TargetOptions {

    @Option(names = "--display", paramLabel = "D",
            description = "X display to use, e.g. :0 (default: $DISPLAY).")
    String display;

    @Option(names = "--xauthority", paramLabel = "FILE",
            description = "Xauthority file with the display's cookie (default: $XAUTHORITY, else ~/.Xauthority).")
    Path xauthority;

    @Option(names = "--virtual",
            description = "Start a private Xvfb with a moving test scene, use it, and stop it on exit. "
                    + "Used automatically when no --display is given and $DISPLAY is unset.")
    boolean virtual;

    @Option(names = "--screen-size", paramLabel = "WxH", defaultValue = "1280x720",
            converter = Converters.ScreenSizeConverter.class,
            description = "Screen size of the --virtual Xvfb and of --source synthetic (default: ${DEFAULT-VALUE}).")
    ScreenSize screenSize;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = CaptureOptions.SOURCE_AUTO,
            description = "Capture backend: auto, x11, or synthetic (a deterministic test pattern, no display "
                    + "needed) (default: ${DEFAULT-VALUE}).")
    String source;

    /** Whether the synthetic pattern is asked for, which needs no display at all. */
    public boolean synthetic() {
        return CaptureOptions.SOURCE_SYNTHETIC.equals(source.toLowerCase(Locale.ROOT));
    }

    /**
     * Resolves the display to use, starting a private Xvfb when asked for (or when there is no display at all), and
     * says so on {@code err}. Close the returned target to stop that Xvfb.
     */
    public Target open(PrintWriter err) {
        if (synthetic()) {
            return new Target(null, null, null);
        }
        boolean noDisplay = display == null && isBlank(System.getenv("DISPLAY"));
        if (!virtual && !noDisplay) {
            return new Target(display, xauthority, null);
        }
        if (display != null) {
            throw new IllegalArgumentException("--virtual with display=" + display + ": choose one (--virtual starts "
                    + "its own display)");
        }
        VirtualDisplay xvfb = VirtualDisplay.start(screenSize.width(), screenSize.height());
        Target target = new Target(xvfb.display(), xvfb.xauthority(), xvfb);
        try {
            xvfb.startScene();
        } catch (RuntimeException | Error e) {
            target.close();
            throw e;
        }
        if (!virtual) {
            err.println("deskdup: no display ($DISPLAY is unset and no --display given); using a private Xvfb "
                    + xvfb.display() + " " + screenSize + " with a test scene, as with --virtual");
            err.flush();
        }
        return target;
    }

    /** The capture options for this target. */
    public CaptureOptions captureOptions(Target target) {
        CaptureOptions options = CaptureOptions.defaults().source(source);
        if (synthetic()) {
            return options.syntheticSize(screenSize.width(), screenSize.height());
        }
        return target.applyTo(options);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
