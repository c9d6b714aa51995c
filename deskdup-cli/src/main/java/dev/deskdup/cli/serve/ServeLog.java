package dev.deskdup.cli.serve;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The server's messages, one line each with the time, to the command's stderr. Never given the token: the only line
 * that shows it is the startup URL, printed by {@link ServeCommand} itself.
 */
public final class ServeLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;

    public ServeLog(PrintWriter out) {
        this.out = out;
    }

    public synchronized void info(String message) {
        out.println("deskdup serve " + LocalTime.now().format(TIME) + " " + message);
        out.flush();
    }
}
