package dev.deskdup;

import dev.deskdup.source.x11.X11Cookies;
import dev.deskdup.source.x11.X11Painter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * runs), {@code -noreset} (a server that resets when its last client leaves would wipe what a test drew),
 * {@code -nolisten tcp} and {@code -auth} with a fresh random cookie in a 0600 file (the screen is private: other
 * local users cannot connect). This JVM's captures present the cookie themselves; other programs need
 * {@link #clientEnvironment()}.
 */
public final class VirtualDisplay implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 15;
    private static final Map<String, VirtualDisplay> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

    private final Process process;
    private final String display;
    private final Path authDir;
    private final Path xauthority;
    private final int width;
    private final int height;
    private final Thread shutdownHook;
    private volatile Thread scene;
    private volatile boolean closed;

    private VirtualDisplay(Process process, String display, int width, int height, Path authDir, Path xauthority) {
        this.process = process;
        this.display = display;
        this.authDir = authDir;
        this.xauthority = xauthority;
        this.width = width;
        this.height = height;
        this.shutdownHook = new Thread(this::kill, "deskdup-xvfb-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        RUNNING.put(display, this);
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
        // The screen is private: only clients that present this cookie may connect (other local users included).
        byte[] cookie = new byte[16];
        new SecureRandom().nextBytes(cookie);
        Path authDir;
        Path xauthority;
        try {
            authDir = Files.createTempDirectory("deskdup-xvfb-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            xauthority = authDir.resolve("Xauthority");
            writeXauthority(xauthority, "", cookie);
        } catch (IOException e) {
            throw new CaptureException("cannot write the Xvfb authority file: " + e.getMessage()
                    + " (is the temp directory writable? java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + ")", e);
        }
        List<String> command = new ArrayList<>(List.of("Xvfb", "-displayfd", "1", "-screen", "0",
                width + "x" + height + "x24", "-noreset", "-nolisten", "tcp", "+extension", "RANDR",
                "-auth", xauthority.toString()));
        command.addAll(extraArgs);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteQuietly(authDir, xauthority);
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
            String name = ":" + line.trim();
            // Xlib/xcb clients match an entry by display number too: now that it is known, write it in.
            writeXauthority(xauthority, line.trim(), cookie);
            X11Cookies.register(name, cookie);
            return new VirtualDisplay(process, name, width, height, authDir, xauthority);
        } catch (IOException e) {
            process.destroyForcibly();
            deleteQuietly(authDir, xauthority);
            throw new CaptureException("cannot write the Xvfb authority file: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            deleteQuietly(authDir, xauthority);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CaptureException("interrupted while starting Xvfb", e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            deleteQuietly(authDir, xauthority);
            throw new CaptureException("Xvfb did not start within " + START_TIMEOUT_SECONDS + " s (command="
                    + command + ")", e);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            deleteQuietly(authDir, xauthority);
            throw e;
        }
    }

    /**
     * Writes one Xauthority entry (the format of libXau: family, address, display number, protocol name, data, each
     * length-prefixed, big-endian) for any address (FamilyWild), mode 0600.
     */
    private static void writeXauthority(Path file, String number, byte[] cookie) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeShort(0xFFFF); // FamilyWild
        out.writeShort(0);      // no address
        byte[] n = number.getBytes(StandardCharsets.US_ASCII);
        out.writeShort(n.length);
        out.write(n);
        byte[] protocol = X11Cookies.PROTOCOL.getBytes(StandardCharsets.US_ASCII);
        out.writeShort(protocol.length);
        out.write(protocol);
        out.writeShort(cookie.length);
        out.write(cookie);
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.write(temp, bytes.toByteArray());
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
        Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteQuietly(Path dir, Path file) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: a 0700 directory in the temp dir
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

    /**
     * The Xauthority file (mode 0600) holding this server's cookie: other programs connect with
     * {@code DISPLAY=display()} and {@code XAUTHORITY=xauthority()}; see {@link #clientEnvironment()}.
     */
    public Path xauthority() {
        return xauthority;
    }

    /** {@code DISPLAY} and {@code XAUTHORITY} for a program to run on this display (e.g. with ProcessBuilder). */
    public Map<String, String> clientEnvironment() {
        return Map.of("DISPLAY", display, "XAUTHORITY", xauthority.toString());
    }

    /**
     * The environment a program needs to reach {@code display}: {@link #clientEnvironment()} when it is a virtual
     * display this JVM runs, else just {@code DISPLAY} (the program keeps the inherited {@code XAUTHORITY}).
     *
     * <pre>{@code
     * ProcessBuilder pb = new ProcessBuilder("xrandr");
     * pb.environment().putAll(VirtualDisplay.clientEnvironment(display));
     * }</pre>
     */
    public static Map<String, String> clientEnvironment(String display) {
        VirtualDisplay running = RUNNING.get(display);
        return running != null ? running.clientEnvironment() : Map.of("DISPLAY", display);
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
        X11Cookies.unregister(display);
        RUNNING.remove(display, this);
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
        deleteQuietly(authDir, xauthority);
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
