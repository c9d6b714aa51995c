package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.xvfb.VirtualDisplay;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The display a command runs against, with its credentials. When it is a private Xvfb, closing the target stops
 * it; when the JVM ends any other way, {@link VirtualDisplay}'s own guards stop it, so no Xvfb is left behind.
 */
public final class Target implements AutoCloseable {

    private final String display;
    private final Path xauthority;
    private final VirtualDisplay xvfb;

    Target(String display, Path xauthority, VirtualDisplay xvfb) {
        this.display = display;
        this.xauthority = xauthority;
        this.xvfb = xvfb;
    }

    /** The display to capture; null means $DISPLAY (or, for the synthetic source, none). */
    public String display() {
        return display;
    }

    /** The display's Xauthority file: the private display's, or --xauthority; null: $XAUTHORITY applies. */
    Path xauthority() {
        return xauthority;
    }

    /** The private Xvfb, or null. */
    VirtualDisplay virtualDisplay() {
        return xvfb;
    }

    /** Options that reach this display: its name and credentials. */
    CaptureOptions applyTo(CaptureOptions options) {
        return options.display(display).xauthority(xauthority());
    }

    /** What a child program needs to reach the display: DISPLAY, and XAUTHORITY for a private one. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        if (display != null) {
            env.put("DISPLAY", display);
        }
        if (xauthority != null) {
            env.put("XAUTHORITY", xauthority.toString());
        }
        return env;
    }

    @Override
    public void close() {
        if (xvfb != null) {
            xvfb.close();   // idempotent
        }
    }
}
