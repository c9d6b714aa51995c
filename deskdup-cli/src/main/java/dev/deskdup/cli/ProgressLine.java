package dev.deskdup.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One status line on a terminal, redrawn in place with a carriage return, e.g.
 * {@code recording demo.mp4  00:04.2 / 00:10.0  126 frames  30.0 fps  0 dropped  1.2 MB}. Nothing at all when
 * stderr is no terminal (a pipe, a log, a test), so logs get no control characters.
 */
final class ProgressLine {

    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String what;
    private long lastDrawn;
    private int lastLength;

    /**
     * @param what   what is going on, e.g. {@code "recording demo.mp4"}
     * @param wanted false for --no-progress
     */
    ProgressLine(PrintWriter err, String what, boolean wanted) {
        this.err = err;
        this.what = what;
        this.enabled = wanted && Terminals.stderrIsTerminal();
    }

    boolean enabled() {
        return enabled;
    }

    /** Redraws the line, at most four times a second; {@code bytes} is asked only then. */
    void update(long elapsedNanos, long totalNanos, long frames, long dropped, java.util.function.LongSupplier bytes) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (lastDrawn != 0 && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        double seconds = elapsedNanos / 1e9;
        String line = what + "  " + clock(elapsedNanos) + (totalNanos > 0 ? " / " + clock(totalNanos) : "")
                + "  " + frames + " frames  "
                + String.format(Locale.ROOT, "%.1f fps", seconds > 0 ? frames / seconds : 0.0)
                + "  " + dropped + " dropped  " + size(bytes.getAsLong());
        draw(line);
    }

    /** Shows a last state (e.g. "finishing demo.mp4 …") in place. */
    void say(String text) {
        if (enabled) {
            draw(text);
        }
    }

    /** Ends the line, so what follows starts on a line of its own. */
    void finish() {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }

    private void draw(String line) {
        int pad = Math.max(0, lastLength - line.length());
        err.print("\r" + line + " ".repeat(pad));
        err.flush();
        lastLength = line.length();
    }

    static String clock(long nanos) {
        long tenths = nanos / 100_000_000L;
        long minutes = tenths / 600;
        return String.format(Locale.ROOT, "%02d:%02d.%d", minutes, (tenths / 10) % 60, tenths % 10);
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
