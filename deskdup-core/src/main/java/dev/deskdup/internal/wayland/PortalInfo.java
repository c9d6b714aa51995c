package dev.deskdup.internal.wayland;

import java.util.ArrayList;
import java.util.List;

/**
 * What the ScreenCast portal offers, read from its properties without asking the user anything.
 *
 * @param version     {@code version} of {@code org.freedesktop.portal.ScreenCast} (restore tokens from 4)
 * @param sourceTypes {@code AvailableSourceTypes}: bit mask of monitor (1), window (2), virtual (4)
 * @param cursorModes {@code AvailableCursorModes}: bit mask of hidden (1), embedded (2), metadata (4)
 */
public record PortalInfo(long version, long sourceTypes, long cursorModes) {

    public static final int SOURCE_MONITOR = 1, SOURCE_WINDOW = 2, SOURCE_VIRTUAL = 4;
    public static final int CURSOR_HIDDEN = 1, CURSOR_EMBEDDED = 2, CURSOR_METADATA = 4;

    public boolean offersCursor(int mode) {
        return (cursorModes & mode) != 0;
    }

    public boolean restoresSessions() {
        return version >= 4;
    }

    public static List<String> sourceTypeNames(long mask) {
        List<String> n = new ArrayList<>();
        if ((mask & SOURCE_MONITOR) != 0) {
            n.add("monitor");
        }
        if ((mask & SOURCE_WINDOW) != 0) {
            n.add("window");
        }
        if ((mask & SOURCE_VIRTUAL) != 0) {
            n.add("virtual");
        }
        return n;
    }

    public static List<String> cursorModeNames(long mask) {
        List<String> n = new ArrayList<>();
        if ((mask & CURSOR_HIDDEN) != 0) {
            n.add("hidden");
        }
        if ((mask & CURSOR_EMBEDDED) != 0) {
            n.add("embedded");
        }
        if ((mask & CURSOR_METADATA) != 0) {
            n.add("metadata");
        }
        return n;
    }

    public static String cursorModeName(int mode) {
        return cursorModeNames(mode).isEmpty() ? "mode " + mode : cursorModeNames(mode).getFirst();
    }
}
