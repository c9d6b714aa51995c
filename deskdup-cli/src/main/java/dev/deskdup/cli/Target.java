package dev.deskdup.cli;

import dev.deskdup.VirtualDisplay;

/**
 * The display a command runs against. When it is a private Xvfb, closing the target stops it; when the JVM ends any
 * other way (Ctrl-C, SIGTERM, System.exit), {@link VirtualDisplay}'s own shutdown hook stops it, so no Xvfb is left
 * behind short of SIGKILL.
 */
public final class Target implements AutoCloseable {

    private final String display;
    private final VirtualDisplay xvfb;

    Target(String display, VirtualDisplay xvfb) {
        this.display = display;
        this.xvfb = xvfb;
    }

    /** The display to capture; null means $DISPLAY (or, for the synthetic source, none). */
    public String display() {
        return display;
    }

    @Override
    public void close() {
        if (xvfb != null) {
            xvfb.close();   // idempotent
        }
    }
}
