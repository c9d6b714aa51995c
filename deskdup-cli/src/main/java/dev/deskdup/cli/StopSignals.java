package dev.deskdup.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP as a request to stop, for commands that write a stream until stopped
 * ({@code stream}, {@code record}): the first such signal only sets {@link #requested()}, so the command can end its
 * output cleanly (ffmpeg writes the file's index, a file is renamed into place) and exit with its own code; a second
 * one goes to the JVM's usual handling (shutdown hooks, then exit), for a user who does not want to wait.
 *
 * <p>Uses {@code sun.misc.Signal} (module jdk.unsupported): the JDK has no supported API for this. Where it is
 * refused (e.g. {@code -Xrs}), signals keep their usual meaning.
 */
final class StopSignals implements AutoCloseable {

    private static final String[] NAMES = {"INT", "TERM", "HUP"};

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final Runnable onStop;
    private volatile String received;

    private StopSignals(Runnable onStop) {
        this.onStop = onStop;
    }

    /**
     * Takes over the stop signals until {@link #close()}.
     *
     * @param onStop run once, on the signal's thread, when the first stop signal comes (e.g. to wake a wait); may be
     *               null
     */
    static StopSignals install(Runnable onStop) {
        StopSignals s = new StopSignals(onStop);
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, s::handle);
                s.signals.add(signal);
                s.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // not on this platform (HUP on Windows), or the JVM keeps it (-Xrs): left as it is
            }
        }
        return s;
    }

    /** Whether a stop signal came. */
    boolean requested() {
        return received != null;
    }

    /** The first stop signal's name, e.g. {@code "SIGINT"}, or null. */
    String received() {
        return received;
    }

    private void handle(Signal signal) {
        if (received == null) {
            received = "SIG" + signal.getName();
            if (onStop != null) {
                onStop.run();
            }
            return;
        }
        // A second signal: the user insists; do what the JVM would have done.
        int i = signals.indexOf(signal);
        SignalHandler old = i >= 0 ? previous.get(i) : SignalHandler.SIG_DFL;
        if (old == SignalHandler.SIG_DFL || old == SignalHandler.SIG_IGN || old == null) {
            Runtime.getRuntime().exit(128 + signal.getNumber());
        } else {
            old.handle(signal);
        }
    }

    /** Gives the signals back to what handled them before. */
    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            try {
                Signal.handle(signals.get(i), previous.get(i));
            } catch (IllegalArgumentException ignored) {
                // as at install: nothing to give back
            }
        }
        signals.clear();
        previous.clear();
    }
}
