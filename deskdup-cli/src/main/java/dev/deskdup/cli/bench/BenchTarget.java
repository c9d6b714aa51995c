package dev.deskdup.cli.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.xvfb.X11Painter;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The screen area a round of contenders captures: the top-left {@code width × height} of {@code display}.
 *
 * @param xauthority the display's Xauthority file (a private Xvfb's), or null for {@code $XAUTHORITY}
 * @param serverPid  the X server's process id, for its CPU time; 0 when unknown (a display we did not start)
 */
record BenchTarget(String display, Path xauthority, int width, int height, long serverPid) {

    long frameBytes() {
        return (long) width * height * 4;
    }

    String size() {
        return width + "x" + height;
    }

    /** Capture options that reach the display (name and credentials). */
    CaptureOptions captureOptions() {
        return CaptureOptions.defaults().display(display).xauthority(xauthority);
    }

    /** DISPLAY, and XAUTHORITY when the target has its own, for a child program. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("DISPLAY", display);
        if (xauthority != null) {
            env.put("XAUTHORITY", xauthority.toString());
        }
        return env;
    }

    /** A drawing connection to the display. */
    X11Painter painter() {
        return X11Painter.connect(display, xauthority);
    }
}
