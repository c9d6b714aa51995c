package dev.deskdup;

import dev.deskdup.source.x11.X11Painter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private X server (Xvfb) on a free display number, for headless capture, tests and CI. Stopped by
 * {@link #close()}, and by a shutdown hook whatever way the JVM ends short of SIGKILL.
 *
 * <pre>{@code
 * try (VirtualDisplay xvfb = VirtualDisplay.start(1280, 720);
 *      ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults().display(xvfb.display()))) {
 *     xvfb.startScene();                          // something moving to capture
 *     Frame frame = capture.acquire(1, TimeUnit.SECONDS);
 *     ...
 * }
 * }</pre>
 *
 * <p>Started with {@code -displayfd} (the server picks a free number and tells us: no races between parallel
 * runs), {@code -noreset} (a server that resets when its last client leaves would wipe what a test drew), and
 * {@code -nolisten tcp} (the screen is private).
 */
public final class VirtualDisplay implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 15;

    private final Process process;
    private final String display;
    private final int width;
    private final int height;
    private final Thread shutdownHook;
    private volatile Thread scene;
    private volatile boolean closed;

    private VirtualDisplay(Process process, String display, int width, int height) {
        this.process = process;
        this.display = display;
        this.width = width;
        this.height = height;
        this.shutdownHook = new Thread(this::kill, "deskdup-xvfb-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts Xvfb with one {@code width × height × 24} screen. */
    public static VirtualDisplay start(int width, int height) {
        return start(width, height, List.of());
    }

    /**
     * Starts Xvfb with one {@code width × height × 24} screen and extra server arguments.
     *
     * @throws CaptureException when Xvfb is not installed or does not come up
     */
    public static VirtualDisplay start(int width, int height, List<String> extraArgs) {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("virtual display size=" + width + "x" + height
                    + " is out of range (1..16384 each)");
        }
        List<String> command = new ArrayList<>(List.of("Xvfb", "-displayfd", "1", "-screen", "0",
                width + "x" + height + "x24", "-noreset", "-nolisten", "tcp", "+extension", "RANDR"));
        command.addAll(extraArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new CaptureException("cannot start Xvfb: " + e.getMessage()
                    + " (install it: apt-get install xvfb; or run on a machine with a display)", e);
        }
        CompletableFuture<String> number = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
                return reader.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String line = number.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line == null || !line.trim().matches("\\d+")) {
                throw new CaptureException("Xvfb did not report a display number (said: " + line + ", exit="
                        + (process.isAlive() ? "running" : process.exitValue()) + "; command=" + command + ")");
            }
            return new VirtualDisplay(process, ":" + line.trim(), width, height);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted while starting Xvfb", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new CaptureException("Xvfb did not start within " + START_TIMEOUT_SECONDS + " s (command="
                    + command + ")", e);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** The display name, e.g. {@code ":99"}. */
    public String display() {
        return display;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The Xvfb process id. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Starts a moving test scene (a bouncing square over a colour-bar background, about 60 updates per second) drawn
     * through a second connection on a daemon thread, until {@link #close()}.
     */
    public synchronized void startScene() {
        if (scene != null) {
            return;
        }
        Thread t = new Thread(this::runScene, "deskdup-xvfb-scene");
        t.setDaemon(true);
        scene = t;
        t.start();
    }

    private void runScene() {
        try (X11Painter painter = X11Painter.connect(display)) {
            int bars = 8;
            int[] colours = {0xC0C0C0, 0xC0C000, 0x00C0C0, 0x00C000, 0xC000C0, 0xC00000, 0x0000C0, 0x101010};
            for (int i = 0; i < bars; i++) {
                painter.fillRect(i * width / bars, 0, width / bars + 1, height, colours[i]);
            }
            int size = Math.max(16, Math.min(width, height) / 8);
            int px = 0, py = 0, dx = Math.max(1, width / 160), dy = Math.max(1, height / 120);
            while (!closed && !Thread.currentThread().isInterrupted()) {
                int bar = Math.min(bars - 1, px * bars / width);
                painter.fillRect(px, py, size, size, colours[bar]);
                px += dx;
                py += dy;
                if (px < 0 || px + size > width) {
                    dx = -dx;
                    px += 2 * dx;
                }
                if (py < 0 || py + size > height) {
                    dy = -dy;
                    py += 2 * dy;
                }
                painter.fillRect(px, py, size, size, 0xFF8000);
                painter.sync();
                Thread.sleep(16);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The server went away (closed): the scene ends with it.
        }
    }

    private void kill() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the scene and the server, and waits for it to exit. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Thread t = scene;
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running or ran
        }
    }
}
