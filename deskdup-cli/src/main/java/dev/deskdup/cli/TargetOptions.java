package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which screen a command works on: an X display, a private Xvfb (--virtual), the Wayland desktop through its
 * portal, or the synthetic test pattern.
 */
public final class TargetOptions {

    @Option(names = "--display", paramLabel = "D",
            description = "X display to use, e.g. :0 (default: $DISPLAY).")
    String display;

    @Option(names = "--xauthority", paramLabel = "FILE",
            description = "Xauthority file with the display's cookie (default: $XAUTHORITY, else ~/.Xauthority).")
    Path xauthority;

    @Option(names = "--virtual",
            description = "Start a private Xvfb with a moving test scene, use it, and stop it on exit. "
                    + "Used automatically when no --display is given, $DISPLAY is unset and this is not a Wayland "
                    + "session.")
    boolean virtual;

    @Option(names = "--screen-size", paramLabel = "WxH", defaultValue = "1280x720",
            converter = Converters.ScreenSizeConverter.class,
            description = "Screen size of the --virtual Xvfb and of --source synthetic (default: ${DEFAULT-VALUE}).")
    ScreenSize screenSize;

    @Option(names = "--source", paramLabel = "NAME", defaultValue = CaptureOptions.SOURCE_AUTO,
            description = "Capture backend: auto (wayland in a Wayland session, i.e. XDG_SESSION_TYPE=wayland or "
                    + "WAYLAND_DISPLAY without DISPLAY; else x11), x11, wayland (the desktop portal's screen cast "
                    + "through PipeWire: the portal's dialog asks once which screen to share), or synthetic (a "
                    + "deterministic test pattern, no display needed) (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--forget",
            description = "Forget the screen-cast permission the desktop portal granted (Wayland: the restore "
                    + "token deskdup keeps in $XDG_STATE_HOME/deskdup/) before starting, so that the portal's "
                    + "dialog asks again which screen to share. 'deskdup info --forget' only forgets.")
    boolean forget;

    /** Whether the synthetic pattern is asked for, which needs no display at all. */
    public boolean synthetic() {
        return CaptureOptions.SOURCE_SYNTHETIC.equals(source.toLowerCase(Locale.ROOT));
    }

    /**
     * Resolves the display to use, starting a private Xvfb when asked for (or when there is no display at all), and
     * says so on {@code err}. Close the returned target to stop that Xvfb.
     */
    public Target open(PrintWriter err) {
        if (forget) {
            forgetPortalPermission(err);
        }
        if (synthetic()) {
            return new Target(null, null, null);
        }
        if (wayland()) {
            if (virtual) {
                throw new IllegalArgumentException("--virtual with source=wayland: choose one (--virtual starts a "
                        + "private X display; the wayland source captures what the desktop portal shares)");
            }
            if (display != null || xauthority != null) {
                throw new IllegalArgumentException((display != null ? "--display " + display : "--xauthority "
                        + xauthority) + " with source=wayland: choose one (they name an X display; the wayland "
                        + "source captures what the desktop portal shares)");
            }
            return new Target(null, null, null); // the portal, not an X display: no private Xvfb
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

    /**
     * Whether the capture goes through the Wayland portal: asked for by name, or what auto picks on this machine
     * (a Wayland session, no --display, --xauthority or --virtual).
     */
    boolean wayland() {
        String name = source.toLowerCase(Locale.ROOT);
        if (name.equals(CaptureOptions.SOURCE_WAYLAND)) {
            return true;
        }
        if (!name.equals(CaptureOptions.SOURCE_AUTO) || virtual || display != null || xauthority != null) {
            return false;
        }
        try {
            return CaptureOptions.SOURCE_WAYLAND.equals(ScreenCapture.sourceFor(CaptureOptions.defaults()));
        } catch (CaptureException e) {
            return false; // nothing usable: the private Xvfb below, as without a display
        }
    }

    private static void forgetPortalPermission(PrintWriter err) {
        boolean had = ScreenCapture.forgetPortalPermission();
        err.println(had ? "deskdup: forgot the screen-cast permission the portal granted; its dialog asks again at "
                + "the next Wayland capture" : "deskdup: no screen-cast permission was stored (nothing to forget)");
        err.flush();
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
