package dev.deskdup.cli;

import dev.deskdup.VirtualDisplay;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The display a command runs against. When it is a private Xvfb, closing the target stops it; a shutdown hook stops
 * it too when the JVM ends any other way (Ctrl-C, SIGTERM, System.exit), so no Xvfb is left behind.
 */
final class Target implements AutoCloseable {

    private final String display;
    private final VirtualDisplay xvfb;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    Target(String display, VirtualDisplay xvfb) {
        this.display = display;
        this.xvfb = xvfb;
        if (xvfb != null) {
            shutdownHook = new Thread(this::stopXvfb, "deskdup-stop-xvfb");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    /** The display to capture; null means $DISPLAY (or, for the synthetic source, none). */
    String display() {
        return display;
    }

    boolean isVirtual() {
        return xvfb != null;
    }

    private void stopXvfb() {
        if (xvfb != null && closed.compareAndSet(false, true)) {
            xvfb.close();
        }
    }

    @Override
    public void close() {
        stopXvfb();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // The hook is running or will run; stopXvfb is idempotent.
            }
        }
    }
}
