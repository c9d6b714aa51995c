package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;
import dev.deskdup.Monitor;
import dev.deskdup.internal.os.Libc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The monitors of a screen, from RandR 1.5 {@code GetMonitors} (names via {@code GetAtomName}). Not on the frame
 * path: asked at open and after a RandR change.
 */
final class MonitorList {

    /** The name of the one monitor listed when RandR 1.5 is not available. */
    static final String WHOLE_SCREEN = "screen";

    private MonitorList() {
    }

    /** Whether the server has RandR 1.5 (monitors); announces our version as a side effect. */
    static boolean available(X11Connection x) {
        if (unavailableReason(x) != null) {
            return false;
        }
        int[] v = x.queryVersion("RandrQueryVersion", XcbRandr.QUERY_VERSION, 1, 5);
        return v[0] > 1 || (v[0] == 1 && v[1] >= 5);
    }

    /** Why monitors cannot be listed (RandR 1.5 library or extension missing), or null when they can. */
    static String unavailableReason(X11Connection x) {
        if (!XcbRandr.LIB.isLoaded()) {
            return XcbRandr.LIB.unavailableReason();
        }
        return x.extension(XcbRandr.EXTENSION_ID) == null ? "display=" + x.display() + " has no RandR extension"
                : null;
    }

    /**
     * The active monitors. Without RandR 1.5 (on the server, or its library on this machine): one monitor named
     * {@value #WHOLE_SCREEN} covering the screen.
     */
    static List<Monitor> query(X11Connection x) {
        if (!available(x)) {
            return List.of(new Monitor(0, WHOLE_SCREEN, 0, 0, x.width(), x.height(), true));
        }
        int cookie;
        try {
            cookie = (int) XcbRandr.GET_MONITORS.invokeExact(x.pointer(), x.root(), (byte) 1);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = x.reply(cookie, "RRGetMonitors");
        List<Monitor> monitors = new ArrayList<>();
        try {
            int count = NativeMemory.ALL.get(JAVA_INT, reply + XcbRandr.MONITORS_COUNT);
            long m = reply + XcbRandr.GET_MONITORS_REPLY_T.byteSize();
            for (int i = 0; i < count; i++) {
                int atom = NativeMemory.ALL.get(JAVA_INT, m + XcbRandr.MONITOR_NAME);
                boolean primary = NativeMemory.ALL.get(JAVA_BYTE, m + XcbRandr.MONITOR_PRIMARY) != 0;
                int outputs = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, m + XcbRandr.MONITOR_OUTPUTS));
                int mx = NativeMemory.ALL.get(JAVA_SHORT, m + XcbRandr.MONITOR_X);
                int my = NativeMemory.ALL.get(JAVA_SHORT, m + XcbRandr.MONITOR_Y);
                int mw = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, m + XcbRandr.MONITOR_WIDTH));
                int mh = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, m + XcbRandr.MONITOR_HEIGHT));
                monitors.add(new Monitor(i, atomName(x, atom), mx, my, mw, mh, primary));
                m += XcbRandr.MONITOR_INFO_T.byteSize() + 4L * outputs;
            }
        } finally {
            Libc.free(reply);
        }
        return List.copyOf(monitors);
    }

    /** Finds a monitor by name, or by index when {@code nameOrIndex} is a number; null when there is none. */
    static Monitor find(List<Monitor> monitors, String nameOrIndex) {
        for (Monitor m : monitors) {
            if (m.name().equals(nameOrIndex)) {
                return m;
            }
        }
        if (nameOrIndex.matches("\\d{1,4}")) {
            int i = Integer.parseInt(nameOrIndex);
            return i < monitors.size() ? monitors.get(i) : null;
        }
        return null;
    }

    /**
     * The monitor, or a clear error listing what there is: {@link IllegalArgumentException} for a name or index
     * that is not there (bad input), {@link CaptureException} when the display lists no monitors at all.
     */
    static Monitor require(X11Connection x, String nameOrIndex) {
        List<Monitor> monitors = query(x);
        Monitor m = find(monitors, nameOrIndex);
        if (m == null) {
            StringBuilder names = new StringBuilder();
            for (Monitor each : monitors) {
                names.append(names.isEmpty() ? "" : ", ").append(each.index()).append('=').append(each.name());
            }
            if (names.isEmpty()) { // the display, not the caller, is lacking
                throw new CaptureException("monitor=" + nameOrIndex + " cannot be captured: display=" + x.display()
                        + " lists no monitors (it needs RandR 1.5); capture a region or the whole screen instead");
            }
            throw new IllegalArgumentException("monitor=" + nameOrIndex + " not found on display=" + x.display()
                    + " (monitors: " + names + "; pass one of these names or indexes, or no monitor for the whole "
                    + "screen)");
        }
        return m;
    }

    private static String atomName(X11Connection x, int atom) {
        int cookie;
        try {
            cookie = (int) Xcb.GET_ATOM_NAME.invokeExact(x.pointer(), atom);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = x.reply(cookie, "GetAtomName");
        try {
            int length = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + Xcb.ATOM_NAME_LENGTH));
            byte[] bytes = new byte[length];
            java.lang.foreign.MemorySegment.copy(NativeMemory.ALL, JAVA_BYTE, reply + Xcb.ATOM_NAME_CHARS, bytes, 0, length);
            return new String(bytes, StandardCharsets.UTF_8);
        } finally {
            Libc.free(reply);
        }
    }
}
