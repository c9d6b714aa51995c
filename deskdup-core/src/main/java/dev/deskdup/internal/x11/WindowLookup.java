package dev.deskdup.internal.x11;

import dev.deskdup.WindowInfo;
import dev.deskdup.WindowMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Finds the one window a {@link WindowMatch} means, or says clearly why there is none: an unknown id, a title
 * that matches nothing (with the titles that come close), or several windows (listed, to pick one by id).
 */
final class WindowLookup {

    /** At most this many windows are named in a message. */
    private static final int LISTED = 8;

    private WindowLookup() {
    }

    /**
     * The window {@code match} means on {@code x}'s screen.
     *
     * @throws IllegalArgumentException naming the match when no window or several match
     */
    static int find(X11Connection x, WindowMatch match) {
        if (match instanceof WindowMatch.Id(long id)) {
            int window = (int) id;
            if (window == x.root()) {
                throw new IllegalArgumentException("window=" + match + " is the root window of display="
                        + x.display() + " (to capture the whole screen, leave window unset)");
            }
            WindowQueries.Attributes attributes = WindowQueries.attributes(x, window);
            if (attributes == null) {
                throw new IllegalArgumentException("window=" + match + " does not exist on display=" + x.display()
                        + " (it may have been closed; 'deskdup windows' or ScreenCapture.windows lists the windows "
                        + "there)");
            }
            if (attributes.inputOnly()) {
                throw new IllegalArgumentException("window=" + match + " on display=" + x.display() + " is an "
                        + "InputOnly window: it has no pixels (capture the window it belongs to)");
            }
            return window;
        }
        return (int) select(WindowList.query(x), match, x.display()).id();
    }

    /** The one window of {@code windows} that {@code match} (title, class or pid) means. */
    static WindowInfo select(List<WindowInfo> windows, WindowMatch match, String display) {
        List<WindowInfo> hits = new ArrayList<>();
        for (WindowInfo w : windows) {
            if (matches(w, match)) {
                hits.add(w);
            }
        }
        hits = narrow(hits, match);
        if (hits.size() == 1) {
            return hits.getFirst();
        }
        if (hits.isEmpty()) {
            throw new IllegalArgumentException("window=" + match + " matches no window on display=" + display
                    + nearMisses(windows, match) + " ('deskdup windows' or ScreenCapture.windows lists them)");
        }
        throw new IllegalArgumentException("window=" + match + " matches " + hits.size() + " windows on display="
                + display + ": " + list(hits) + " (pass one of these ids, e.g. window=" + hits.getFirst().idHex()
                + ", or " + (match instanceof WindowMatch.Title ? "more of the title" : "a title") + ")");
    }

    static boolean matches(WindowInfo w, WindowMatch match) {
        return switch (match) {
            case WindowMatch.Id(long id) -> w.id() == id || w.frame() == id;
            case WindowMatch.Title(String text) -> lower(w.title()).contains(lower(text));
            case WindowMatch.ClassName(String name) -> w.className().equalsIgnoreCase(name)
                    || w.instance().equalsIgnoreCase(name);
            case WindowMatch.Pid(long pid) -> w.pid().isPresent() && w.pid().getAsLong() == pid;
        };
    }

    /** Mapped windows over unmapped ones (toolkits' hidden leaders), then an equal title over a containing one. */
    private static List<WindowInfo> narrow(List<WindowInfo> hits, WindowMatch match) {
        List<WindowInfo> mapped = hits.stream().filter(WindowInfo::mapped).toList();
        List<WindowInfo> left = mapped.isEmpty() ? hits : mapped;
        if (left.size() > 1 && match instanceof WindowMatch.Title(String text)) {
            List<WindowInfo> equal = left.stream().filter(w -> w.title().equals(text)).toList();
            if (!equal.isEmpty()) {
                left = equal;
            }
        }
        return left;
    }

    /** "; close matches: …" or "; windows there: …" or "; it has no windows". */
    private static String nearMisses(List<WindowInfo> windows, WindowMatch match) {
        if (windows.isEmpty()) {
            return " (it has no top-level windows)";
        }
        String wanted = switch (match) {
            case WindowMatch.Title(String text) -> lower(text);
            case WindowMatch.ClassName(String name) -> lower(name);
            default -> null;
        };
        if (wanted != null) {
            int limit = Math.max(2, wanted.length() / 3);
            List<WindowInfo> close = windows.stream()
                    .filter(w -> distance(wanted, nameOf(w, match)) <= limit)
                    .sorted(Comparator.comparingInt((WindowInfo w) -> distance(wanted, nameOf(w, match)))
                            .thenComparing(w -> !w.mapped()))
                    .toList();
            if (!close.isEmpty()) {
                return "; close matches: " + list(close);
            }
        }
        return "; windows there: " + list(windows);
    }

    private static String nameOf(WindowInfo w, WindowMatch match) {
        if (match instanceof WindowMatch.ClassName) {
            return lower(w.className()).length() >= lower(w.instance()).length() ? lower(w.className())
                    : lower(w.instance());
        }
        return lower(w.title());
    }

    /**
     * How many edits (insert, delete, replace a character) turn {@code pattern} into some part of {@code text}:
     * Sellers' variant of the Levenshtein distance, where the part may start and end anywhere in the text. A typo
     * in a piece of a long title still comes out as 1.
     */
    static int distance(String pattern, String text) {
        int[] previous = new int[text.length() + 1]; // row 0: a match may start anywhere, at no cost
        int[] current = new int[text.length() + 1];
        for (int i = 1; i <= pattern.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= text.length(); j++) {
                int replace = previous[j - 1] + (pattern.charAt(i - 1) == text.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        int best = pattern.length();
        for (int v : previous) {
            best = Math.min(best, v);
        }
        return best;
    }

    private static String list(List<WindowInfo> windows) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(LISTED, windows.size()); i++) {
            b.append(i == 0 ? "" : ", ").append(windows.get(i).describe());
        }
        if (windows.size() > LISTED) {
            b.append(", and ").append(windows.size() - LISTED).append(" more");
        }
        return b.toString();
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
