package dev.deskdup.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a standard stream is a terminal, for progress output that only makes sense to a person watching. */
public final class Terminals {

    private Terminals() {
    }

    /**
     * Whether stderr is a terminal. {@code System.console()} answers for stdin and stdout, and stdout is often
     * redirected ({@code deskdup bench > table.md}) while the user still watches stderr; so ask Linux what fd 2 is,
     * and fall back to the console where /proc is not there.
     */
    public static boolean stderrIsTerminal() {
        try {
            String fd2 = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return fd2.startsWith("/dev/pts/") || fd2.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            Console console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
