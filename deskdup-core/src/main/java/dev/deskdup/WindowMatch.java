package dev.deskdup;

import java.util.Locale;

/**
 * Which window {@link CaptureOptions#window(WindowMatch)} captures: one X window id, or the one top-level window
 * whose title, class or process matches. A match that finds no window, or several, fails
 * {@link ScreenCapture#open} with an {@link IllegalArgumentException} listing the close matches or the candidates.
 *
 * <pre>{@code
 * WindowMatch.id(0x1a00003)             // as xwininfo / xdotool print it
 * WindowMatch.title("Mozilla Firefox")  // the exact title, else a part of it (any case)
 * WindowMatch.className("xterm")        // WM_CLASS, its class or instance part (any case)
 * WindowMatch.pid(12345)                // the window whose _NET_WM_PID is 12345
 * WindowMatch.parse("0x1a00003")        // what the command line's --window takes, see parse
 * }</pre>
 *
 * <p>Matching by title, class or pid looks at top-level windows only (as {@link ScreenCapture#windows} lists
 * them) and prefers mapped ones: toolkits keep unmapped helper windows with the same title and class as the real
 * one, and those are skipped when a mapped window matches too. A title equal to the text wins over titles that
 * merely contain it.
 */
public sealed interface WindowMatch permits WindowMatch.Id, WindowMatch.Title, WindowMatch.ClassName,
        WindowMatch.Pid {

    /** The largest X resource id: ids have 29 bits (the top three are always zero). */
    long MAX_ID = 0x1FFF_FFFFL;

    /** One window by its X id, e.g. {@code 0x1a00003}: any InputOutput window, top-level or not. */
    record Id(long id) implements WindowMatch {
        public Id {
            if (id < 1 || id > MAX_ID) {
                throw new IllegalArgumentException("window=0x" + Long.toHexString(id) + " (" + id + ") is not an X "
                        + "window id (ids are 1 to 0x1fffffff, as xwininfo or 'deskdup windows' print them, e.g. "
                        + "0x1a00003)");
            }
        }

        /** {@code 0x1a00003}: how xwininfo prints it, and what {@link #parse} reads back. */
        @Override
        public String toString() {
            return "0x" + Long.toHexString(id);
        }
    }

    /** The top-level window whose title ({@code _NET_WM_NAME}, else {@code WM_NAME}) is or contains the text. */
    record Title(String text) implements WindowMatch {
        public Title {
            requireText(text, "title");
        }

        @Override
        public String toString() {
            return "title:" + text;
        }
    }

    /** The top-level window whose {@code WM_CLASS} class or instance equals the name (ignoring case). */
    record ClassName(String name) implements WindowMatch {
        public ClassName {
            requireText(name, "class");
        }

        @Override
        public String toString() {
            return "class:" + name;
        }
    }

    /** The top-level window whose {@code _NET_WM_PID} is the process id (set by most toolkits). */
    record Pid(long pid) implements WindowMatch {
        public Pid {
            if (pid < 1 || pid > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("window=pid:" + pid + " is not a process id (1 to 4294967295)");
            }
        }

        @Override
        public String toString() {
            return "pid:" + pid;
        }
    }

    static WindowMatch id(long id) {
        return new Id(id);
    }

    static WindowMatch title(String text) {
        return new Title(text);
    }

    static WindowMatch className(String name) {
        return new ClassName(name);
    }

    static WindowMatch pid(long pid) {
        return new Pid(pid);
    }

    /**
     * Reads a window as the command line's {@code --window} takes it:
     * <ul>
     * <li>{@code 0x1a00003} (hex, as xwininfo and xdotool print ids) or {@code 27262979} (decimal): an id;</li>
     * <li>{@code title:TEXT}, {@code class:NAME}, {@code pid:N}, {@code id:ID}: what the prefix says;</li>
     * <li>anything else: a title ({@code title:} is needed only for a title of digits or with such a prefix).</li>
     * </ul>
     * {@link #toString()} of every match gives back text this reads as the same match.
     *
     * @throws IllegalArgumentException naming the text when it is empty or its id or pid is out of range
     */
    static WindowMatch parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("window=" + (spec == null ? "null" : "\"" + spec + "\"")
                    + " is empty (give an id such as 0x1a00003, or a title; 'deskdup windows' lists them)");
        }
        String s = spec.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("title:")) {
            return new Title(s.substring(6));
        }
        if (lower.startsWith("class:")) {
            return new ClassName(s.substring(6));
        }
        if (lower.startsWith("pid:")) {
            return new Pid(number(s.substring(4), 10, "pid:", spec));
        }
        if (lower.startsWith("id:")) {
            return idOf(s.substring(3), spec);
        }
        if (lower.matches("0x[0-9a-f]+") || lower.matches("[0-9]+")) {
            return idOf(s, spec);
        }
        return new Title(spec);
    }

    private static WindowMatch idOf(String s, String spec) {
        String lower = s.strip().toLowerCase(Locale.ROOT);
        return lower.startsWith("0x") ? new Id(number(lower.substring(2), 16, "0x", spec))
                : new Id(number(lower, 10, "", spec));
    }

    private static long number(String digits, int radix, String prefix, String spec) {
        String d = digits.strip();
        if (d.isEmpty() || d.length() > 12 || !d.chars().allMatch(c -> Character.digit(c, radix) >= 0 && c < 128)) {
            throw new IllegalArgumentException("window=" + spec + " is not " + (prefix.equals("pid:")
                    ? "pid:N with a decimal process id" : "a window id (hex as 0x1a00003, or decimal)"));
        }
        return Long.parseLong(d, radix);
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("window=" + what + ":" + (text == null ? "null" : "\"\"")
                    + " is empty (give a part of the window's " + what + ")");
        }
    }
}
