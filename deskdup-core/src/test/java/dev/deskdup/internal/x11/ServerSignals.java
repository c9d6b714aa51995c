package dev.deskdup.internal.x11;

import dev.deskdup.xvfb.VirtualDisplay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Freezes (SIGSTOP) and thaws a test's X server, and counts the client connections it holds. */
final class ServerSignals {

    private ServerSignals() {
    }

    /** A stopped server: {@link #close()} continues it (always, so that the display can be stopped afterwards). */
    record Frozen(long pid) implements AutoCloseable {
        @Override
        public void close() {
            signal(pid, "CONT");
        }
    }

    static Frozen freeze(VirtualDisplay xvfb) {
        signal(xvfb.pid(), "STOP");
        return new Frozen(xvfb.pid());
    }

    static void signal(long pid, String signal) {
        try {
            // The shell's own kill: no procps needed (a minimal Debian has no /bin/kill).
            Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The sockets the server process holds open: one per client connection, plus its listening sockets (a constant).
     * Counted from the server's side ({@code /proc/PID/fd}, readable by the server's owner), so a client connection
     * left open anywhere shows, without an extension (XRes) or a tool the machine may lack; {@code xlsclients} would
     * not do, it lists only clients that own windows, and a capture owns none.
     */
    static int serverSockets(VirtualDisplay xvfb) {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + xvfb.pid() + "/fd"))) {
            return (int) fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new AssertionError("cannot list the fds of the X server pid=" + xvfb.pid(), e);
        }
    }
}
