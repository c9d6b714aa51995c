package dev.deskdup.internal.wayland;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A private desktop-less Wayland capture stack for tests: a D-Bus session bus, PipeWire, WirePlumber (the session
 * manager that links streams), and the project's fake ScreenCast portal ({@code fake_portal.py}, GDBus), all with
 * their own {@code XDG_RUNTIME_DIR} under {@code target/}. Nothing of the machine's own session is touched.
 *
 * <p>The bus listens where {@code DBUS_SESSION_BUS_ADDRESS} of this JVM says (set by the {@code wayland-tests}
 * surefire execution), so that code reading the process environment (auto-selection, {@code ScreenCapture.open})
 * finds it too. Refuses to start on any other address, so a developer's real session bus is never replaced.
 */
public final class PipeWireSession implements AutoCloseable {

    static final String PYTHON = "/usr/bin/python3";
    static final String INSTALL = "apt-get install -y pipewire pipewire-bin wireplumber python3-gi gir1.2-glib-2.0 "
            + "dbus-daemon";

    private final Path dir;
    private final Path runtime;
    private final Path busSocket;
    private final Path control;
    private final Path log;
    private final Map<String, String> env = new HashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private Process portal;
    private Process pipewire;

    private PipeWireSession(Path dir, Path busSocket) {
        this.dir = dir;
        this.busSocket = busSocket;
        this.runtime = dir.resolve("run");
        this.control = dir.resolve("portal-control.json");
        this.log = dir.resolve("portal-log.jsonl");
    }

    /** Starts the stack (a few hundred milliseconds); fails with what to install when a program is missing. */
    public static PipeWireSession start() throws IOException, InterruptedException {
        String address = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        String prefix = "unix:path=";
        if (address == null || !address.startsWith(prefix) || !address.contains("wayland-it")) {
            throw new IllegalStateException("DBUS_SESSION_BUS_ADDRESS=" + address + " is not the private test bus "
                    + "(run these tests with mvn: the wayland-tests surefire execution sets it to "
                    + "unix:path=target/wayland-it/bus)");
        }
        Path bus = Path.of(address.substring(prefix.length()));
        return startIn(bus.getParent(), bus);
    }

    /**
     * Starts the stack in {@code dir} (created if missing; its bus socket is {@code dir/bus}), for a program that
     * hands {@link #environmentMap()} to the processes it starts itself (the Wayland benchmark) rather than
     * reading it from its own environment.
     */
    public static PipeWireSession startIn(Path dir) throws IOException, InterruptedException {
        return startIn(dir.toAbsolutePath(), dir.toAbsolutePath().resolve("bus"));
    }

    private static PipeWireSession startIn(Path dir, Path bus) throws IOException, InterruptedException {
        PipeWireSession s = new PipeWireSession(dir, bus);
        try {
            s.launch();
            return s;
        } catch (IOException | InterruptedException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void launch() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        deleteTree(runtime);
        Files.createDirectory(runtime, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.deleteIfExists(busSocket);
        Path state = dir.resolve("state");
        Path config = dir.resolve("config");
        Files.createDirectories(state);
        Files.createDirectories(config);
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        env.put("XDG_RUNTIME_DIR", runtime.toString());
        env.put("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + busSocket);
        env.put("XDG_STATE_HOME", state.toString());
        env.put("XDG_CONFIG_HOME", config.toString());
        env.put("PIPEWIRE_RUNTIME_DIR", runtime.toString());
        env.put("XDG_SESSION_TYPE", "wayland");

        Path busConfig = dir.resolve("bus.conf");
        Files.writeString(busConfig, """
                <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
                 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
                <busconfig>
                  <type>session</type>
                  <listen>unix:path=%s</listen>
                  <auth>EXTERNAL</auth>
                  <policy context="default">
                    <allow send_destination="*" eavesdrop="true"/>
                    <allow eavesdrop="true"/>
                    <allow own="*"/>
                  </policy>
                </busconfig>
                """.formatted(busSocket));
        spawn(logs, "dbus-daemon", "dbus-daemon", "--nofork", "--nopidfile", "--config-file=" + busConfig);
        await("the private D-Bus socket " + busSocket, () -> Files.exists(busSocket));

        Daemon main = startDaemon(runtime, logs, "");
        pipewire = main.pipewire;
        processes.add(main.pipewire);
        processes.add(main.wireplumber);
        Path pwSocket = pipeWireSocket();

        control(Map.of());
        Files.deleteIfExists(log);
        Files.createFile(log);
        Path script = dir.resolve("fake_portal.py");
        try (var in = PipeWireSession.class.getResourceAsStream("/wayland/fake_portal.py")) {
            Files.write(script, in.readAllBytes());
        }
        portal = spawnPiped(logs, PYTHON, script.toString(), control.toString(), log.toString(), pwSocket.toString());
        BufferedReader out = new BufferedReader(new InputStreamReader(portal.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String line;
        while ((line = out.readLine()) != null && !line.equals("READY")) {
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        if (!"READY".equals(line)) {
            throw new IllegalStateException("the fake portal did not start (log: " + logs.resolve("fake_portal.log")
                    + "); is python3-gi installed? " + INSTALL);
        }
    }

    private Process spawn(Path logs, String name, String... command) throws IOException {
        Process p = spawn(env, logs, name, command);
        processes.add(p);
        return p;
    }

    private static Process spawn(Map<String, String> env, Path logs, String name, String... command)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new IOException("cannot start " + command[0] + " (" + INSTALL + ")", e);
        }
    }

    /**
     * A PipeWire daemon and its WirePlumber, with their own runtime directory (their own socket), on the session's
     * bus: for a test that kills PipeWire itself without taking down the shared one. Point the fake portal at it
     * with {@code "pipewire_socket"} in {@link #control}.
     */
    public final class Daemon implements AutoCloseable {
        final Process pipewire;
        final Process wireplumber;
        private final Path runtimeDir;

        private Daemon(Process pipewire, Process wireplumber, Path runtimeDir) {
            this.pipewire = pipewire;
            this.wireplumber = wireplumber;
            this.runtimeDir = runtimeDir;
        }

        public Path socket() {
            return runtimeDir.resolve("pipewire-0");
        }

        /** SIGKILLs the PipeWire daemon (WirePlumber loses it and ends too) and waits until it is gone. */
        public void killPipeWire() throws InterruptedException {
            pipewire.destroyForcibly();
            pipewire.waitFor(5, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            stop(wireplumber);
            stop(pipewire);
        }
    }

    /** Starts a second PipeWire daemon (see {@link Daemon}); the caller closes it. */
    public Daemon startDaemon(String name) throws IOException, InterruptedException {
        Path dir = this.dir.resolve("run-" + name);
        deleteTree(dir);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return startDaemon(dir, this.dir.resolve("logs"), "-" + name);
    }

    private Daemon startDaemon(Path runtimeDir, Path logs, String suffix) throws IOException, InterruptedException {
        Map<String, String> e = new HashMap<>(env);
        e.put("XDG_RUNTIME_DIR", runtimeDir.toString());
        e.put("PIPEWIRE_RUNTIME_DIR", runtimeDir.toString());
        Process pipewire = spawn(e, logs, "pipewire" + suffix, "pipewire");
        Process wireplumber = null;
        try {
            Path socket = runtimeDir.resolve("pipewire-0");
            await("PipeWire's socket " + socket, () -> Files.exists(socket));
            wireplumber = spawn(e, logs, "wireplumber" + suffix, "wireplumber");
            await("WirePlumber to connect to PipeWire at " + socket, () -> {
                String clients = run(e, "pw-cli", "ls", "Client");
                return clients.contains("WirePlumber") || clients.contains("wireplumber");
            });
            return new Daemon(pipewire, wireplumber, runtimeDir);
        } catch (IOException | InterruptedException | RuntimeException ex) {
            stop(wireplumber);
            stop(pipewire);
            throw ex;
        }
    }

    private static void stop(Process p) {
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Process spawnPiped(Path logs, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(logs.resolve("fake_portal.log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Runs a PipeWire tool in the private session; returns its output. */
    public String run(String... command) {
        return run(env, command);
    }

    private static String run(Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Starts a program in the private session (e.g. a GStreamer producer); the caller stops it. */
    public Process launchProgram(String name, String... command) throws IOException {
        return spawn(dir.resolve("logs"), name, command);
    }

    interface Check {
        boolean ok() throws IOException;
    }

    static void await(String what, Check check) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** The environment of the private session (for the provider under test and child programs). */
    public Function<String, String> environment() {
        return env::get;
    }

    public Map<String, String> environmentMap() {
        return Map.copyOf(env);
    }

    public Path pipeWireSocket() {
        return runtime.resolve("pipewire-0");
    }

    public Path stateDir() {
        return dir.resolve("state");
    }

    /** Tells the fake portal how to answer from its next call on (see fake_portal.py). */
    public void control(Map<String, Object> settings) throws IOException {
        Path temp = dir.resolve("portal-control.tmp");
        Files.writeString(temp, Json.write(settings));
        Files.move(temp, control, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The calls the fake portal received since the last {@link #clearLog()}, one JSON object per line. */
    public List<String> portalLog() throws IOException {
        return Files.readAllLines(log);
    }

    public void clearLog() throws IOException {
        Files.writeString(log, "");
    }

    public boolean pipeWireAlive() {
        return pipewire != null && pipewire.isAlive();
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            stop(processes.get(i));
        }
        processes.clear();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
