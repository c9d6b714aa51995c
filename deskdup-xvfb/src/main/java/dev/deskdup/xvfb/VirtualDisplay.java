package dev.deskdup.xvfb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A private X server (Xvfb) on a free display number, for headless capture, tests and CI.
 *
 * <pre>{@code
 * try (VirtualDisplay xvfb = VirtualDisplay.start(1280, 720);
 *      ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults()
 *              .display(xvfb.display()).xauthority(xvfb.xauthority()))) {
 *     xvfb.startScene();                          // something moving to capture
 *     Frame frame = capture.acquire(1, TimeUnit.SECONDS);
 *     ...
 * }
 * }</pre>
 *
 * <p>Started with {@code -displayfd} (the server picks a free number and tells us: no races between parallel
 * runs), {@code -noreset} (a server that resets when its last client leaves would wipe what a test drew),
 * {@code -nolisten tcp} and {@code -auth} with a fresh random cookie in a 0600 file inside a 0700 directory (the
 * screen is private: other local users cannot connect). Clients present the cookie: captures through
 * {@code CaptureOptions.xauthority(xvfb.xauthority())}, other programs through {@link #clientEnvironment()}.
 *
 * <p>Stopped by {@link #close()}, by a shutdown hook however the JVM ends short of SIGKILL, and even then: the
 * server runs under a small shell that holds a pipe from this JVM and kills the server when the pipe closes (the
 * kernel closes it when the JVM dies). Directories of cookies whose owner JVM died are removed on the next start.
 */
public final class VirtualDisplay implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 15;
    private static final String DIR_PREFIX = "deskdup-xvfb-";
    /**
     * Runs Xvfb in the background and says its pid; a watcher kills it when stdin (a pipe from this JVM) reaches end
     * of file: when {@link #close()} closes the pipe, or when the kernel does because this JVM died. The shell
     * itself waits for Xvfb, so a server killed from outside is reaped at once (no zombie looks alive).
     */
    private static final String GUARD = "exec 3<&0; \"$@\" & xvfb=$!; echo \"pid=$xvfb\"; "
            + "{ while read -r _; do :; done; kill -TERM $xvfb 2>/dev/null; } <&3 & watcher=$!; exec 3<&-; "
            + "trap 'kill -TERM $xvfb 2>/dev/null' TERM INT HUP; "
            + "wait $xvfb; status=$?; kill $watcher 2>/dev/null; exit $status";

    private final Process guard;
    private final long serverPid;
    private final String display;
    private final Path authDir;
    private final Path xauthority;
    private final byte[] cookie;
    private final int width;
    private final int height;
    private final Thread shutdownHook;
    private volatile Thread scene;
    private volatile boolean closed;

    private VirtualDisplay(Process guard, long serverPid, String display, int width, int height, Path authDir,
                           Path xauthority, byte[] cookie) {
        this.guard = guard;
        this.serverPid = serverPid;
        this.display = display;
        this.authDir = authDir;
        this.xauthority = xauthority;
        this.cookie = cookie;
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
     * Starts Xvfb with one {@code width × height × 24} screen (or the depth {@code extraArgs} give with their own
     * {@code -screen}) and extra server arguments.
     *
     * @throws XvfbException when Xvfb is not installed or does not come up
     */
    public static VirtualDisplay start(int width, int height, List<String> extraArgs) {
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("virtual display size=" + width + "x" + height
                    + " is out of range (1..16384 each)");
        }
        removeStaleDirectories();
        byte[] cookie = new byte[16];
        new SecureRandom().nextBytes(cookie);
        Path authDir;
        Path xauthority;
        try {
            authDir = Files.createTempDirectory(DIR_PREFIX + ProcessHandle.current().pid() + "-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            xauthority = authDir.resolve("Xauthority");
            XAuthorityFile.write(xauthority, "", cookie);
        } catch (IOException e) {
            throw new XvfbException("cannot write the Xvfb authority file: " + e.getMessage() + " (is the temp "
                    + "directory writable? java.io.tmpdir=" + System.getProperty("java.io.tmpdir") + ")", e);
        }
        List<String> command = new ArrayList<>(List.of("sh", "-c", GUARD, "deskdup-xvfb", "Xvfb", "-displayfd",
                "1"));
        if (extraArgs.stream().noneMatch("-screen"::equals)) {
            command.addAll(List.of("-screen", "0", width + "x" + height + "x24"));
        }
        command.addAll(List.of("-noreset", "-nolisten", "tcp", "+extension", "RANDR", "-auth", xauthority.toString()));
        command.addAll(extraArgs);
        if (!onPath("Xvfb")) {
            deleteQuietly(authDir);
            throw new XvfbException("cannot start Xvfb: it is not installed (apt-get install xvfb / dnf install "
                    + "xorg-x11-server-Xvfb; or run on a machine with a display)");
        }
        Process guard;
        try {
            guard = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteQuietly(authDir);
            throw new XvfbException("cannot start Xvfb: " + e.getMessage() + " (install it: apt-get install xvfb)", e);
        }
        CompletableFuture<String[]> started = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader reader = new BufferedReader(
                        new InputStreamReader(guard.getInputStream(), StandardCharsets.US_ASCII));
                String pid = null;
                String number = null;
                while (pid == null || number == null) {
                    String line = reader.readLine();
                    if (line == null) {
                        break;
                    }
                    line = line.trim();
                    if (line.startsWith("pid=")) {
                        pid = line.substring(4);
                    } else if (!line.isEmpty()) {
                        number = line;
                    }
                }
                return new String[]{pid, number};
            } catch (IOException e) {
                return new String[]{null, null};
            }
        });
        try {
            String[] said = started.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (said[0] == null || !said[0].matches("\\d+") || said[1] == null || !said[1].matches("\\d+")) {
                throw new XvfbException("Xvfb did not report its display number (said pid=" + said[0]
                        + ", display=" + said[1] + "; exit=" + (guard.isAlive() ? "running" : guard.exitValue())
                        + "; command=" + command + ")");
            }
            String name = ":" + said[1];
            // Xlib clients match an entry by display number too: now that it is known, write it in.
            XAuthorityFile.write(xauthority, said[1], cookie);
            return new VirtualDisplay(guard, Long.parseLong(said[0]), name, width, height, authDir, xauthority,
                    cookie);
        } catch (IOException e) {
            stopGuard(guard);
            deleteQuietly(authDir);
            throw new XvfbException("cannot write the Xvfb authority file: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            stopGuard(guard);
            deleteQuietly(authDir);
            Thread.currentThread().interrupt();
            throw new XvfbException("interrupted while starting Xvfb", e);
        } catch (ExecutionException | TimeoutException e) {
            stopGuard(guard);
            deleteQuietly(authDir);
            throw new XvfbException("Xvfb did not start within " + START_TIMEOUT_SECONDS + " s (command="
                    + command + ")", e);
        } catch (RuntimeException e) {
            stopGuard(guard);
            deleteQuietly(authDir);
            throw e;
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Cookie directories of JVMs that are gone (killed with SIGKILL): their servers are gone too. */
    private static void removeStaleDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, DIR_PREFIX + "*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(DIR_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) {
                    continue;
                }
                long owner = Long.parseLong(rest.substring(0, dash));
                if (owner != ProcessHandle.current().pid() && ProcessHandle.of(owner).isEmpty()
                        && Files.isDirectory(dir) && Files.isWritable(dir)) {
                    deleteQuietly(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: another user's directories are not ours to remove
        }
    }

    private static void deleteQuietly(Path dir) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: a 0700 directory in the temp dir
        }
    }

    private static void stopGuard(Process guard) {
        try {
            guard.getOutputStream().close(); // the guard kills its server
        } catch (IOException e) {
            // it is going anyway
        }
        guard.destroy();
        try {
            if (!guard.waitFor(3, TimeUnit.SECONDS)) {
                guard.destroyForcibly();
            }
        } catch (InterruptedException e) {
            guard.destroyForcibly();
            Thread.currentThread().interrupt();
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
     * The Xauthority file (mode 0600) holding this server's cookie: pass it to a capture
     * ({@code CaptureOptions.xauthority}); other programs connect with {@link #clientEnvironment()}.
     */
    public Path xauthority() {
        return xauthority;
    }

    /** {@code DISPLAY} and {@code XAUTHORITY} for a program to run on this display (e.g. with ProcessBuilder). */
    public Map<String, String> clientEnvironment() {
        return Map.of("DISPLAY", display, "XAUTHORITY", xauthority.toString());
    }

    /** The Xvfb process id (to signal the server itself, e.g. in fault tests). */
    public long pid() {
        return serverPid;
    }

    public boolean isAlive() {
        return ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** A drawing connection to this display (close it when done). */
    public X11Painter painter() {
        return X11Painter.connect(display, cookie);
    }

    /**
     * Starts a moving test scene (a square bouncing over colour bars, about 60 updates per second, no trails) drawn
     * through its own connection on a daemon thread, until {@link #close()}.
     */
    public synchronized void startScene() {
        if (scene != null) {
            return;
        }
        Thread t = new Thread(new TestScene(this), "deskdup-xvfb-scene");
        t.setDaemon(true);
        scene = t;
        t.start();
    }

    /** The colour bars of the scene's background (the scene's first picture), drawn once with {@code painter}. */
    public static void drawColourBars(X11Painter painter) {
        TestScene.drawBars(painter, painter.screenWidth(), painter.screenHeight());
        painter.sync();
    }

    private void kill() {
        Arrays.fill(cookie, (byte) 0);
        try (OutputStream pipe = guard.getOutputStream()) {
            pipe.flush(); // closing it makes the guard kill the server
        } catch (IOException e) {
            // the guard is gone already
        }
        ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroy);
        try {
            ProcessHandle server = ProcessHandle.of(serverPid).orElse(null);
            if (server != null) {
                server.onExit().get(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            ProcessHandle.of(serverPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        stopGuard(guard);
        deleteQuietly(authDir);
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
