package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;

import dev.deskdup.Feature;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Tells that the pointer moved, so that a pointer moving over an idle screen makes frames (whose only change is
 * the cursor). DAMAGE cannot say it (a moving cursor changes no pixel of the screen's contents) and XFIXES reports
 * cursor shape changes only, so this uses XInput 2, selected on the root window for the master pointer:
 *
 * <ul>
 * <li>{@code XI_RawMotion}: every motion of a device, whatever window is under the pointer and whatever grabs are
 *     active (raw events go to root selections always). Physical mice and XTEST's virtual device (what remote
 *     desktop servers and {@code xdotool} use) produce them.</li>
 * <li>{@code XI_Motion}: motion as delivered to windows, which reaches the root when no window below selects it.
 *     It adds what raw events miss: the pointer warped by a program ({@code XWarpPointer} makes no raw event).</li>
 * </ul>
 *
 * Only a flag is kept: many motion events between two frames make one frame, whose position is read then
 * ({@link CursorTracker}). Allocation-free per event.
 */
final class PointerMotion implements AutoCloseable {

    private final X11Connection x;
    private final int opcode;
    private boolean moved;
    private boolean closed;

    private PointerMotion(X11Connection x, int opcode) {
        this.x = x;
        this.opcode = opcode;
    }

    /** Why pointer motion cannot be watched on this connection, or null when it can. */
    static String unavailableReason(X11Connection x) {
        if (!XcbInput.LIB.isLoaded()) {
            return XcbInput.LIB.unavailableReason();
        }
        return x.extension(XcbInput.EXTENSION_ID) == null ? "display=" + x.display() + " has no XInputExtension"
                : null;
    }

    /** The server's XInput version after announcing ours (2.2), e.g. {2, 4}; XI2 needs at least 2.0. */
    static int[] version(X11Connection x) {
        int cookie;
        try {
            cookie = (int) XcbInput.XI_QUERY_VERSION.invokeExact(x.pointer(), (short) 2, (short) 2);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = x.reply(cookie, "XIQueryVersion");
        MemorySegment r = MemorySegment.ofAddress(reply).reinterpret(XcbInput.XI_QUERY_VERSION_REPLY_T.byteSize());
        int[] v = {Short.toUnsignedInt(r.get(JAVA_SHORT, XcbInput.VERSION_MAJOR)),
                Short.toUnsignedInt(r.get(JAVA_SHORT, XcbInput.VERSION_MINOR))};
        dev.deskdup.internal.os.Libc.free(reply);
        return v;
    }

    /**
     * Selects motion on the root window unless {@code notWanted} says why not (no cursor is tracked, or full-frame
     * polling reads it every frame anyway) or XInput 2 is missing; adds the {@code pointer-motion} feature, on or off
     * with the reason, to {@code features}.
     *
     * @return the tracker, or null when motion is not watched
     */
    static PointerMotion watchIfWanted(X11Connection x, String notWanted, List<Feature> features) {
        String missing = notWanted != null ? notWanted + ": pointer motion is not watched" : unavailableReason(x);
        if (missing == null) {
            int[] v = version(x);
            missing = v[0] < 2 ? "display=" + x.display() + " has XInput " + v[0] + "." + v[1] + " (XI2 needed)"
                    : null;
        }
        if (missing != null) {
            features.add(Feature.off("pointer-motion", missing));
            return null;
        }
        select(x, XcbInput.XI_EVENT_MASK_MOTION | XcbInput.XI_EVENT_MASK_RAW_MOTION, true);
        features.add(Feature.on("pointer-motion", "XInput 2: a pointer move alone makes a frame"));
        return new PointerMotion(x, x.extension(XcbInput.EXTENSION_ID).majorOpcode());
    }

    private static void select(X11Connection x, int mask, boolean checked) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment masks = temp.allocate(XcbInput.EVENT_MASK_T.byteSize() + 4, 4);
            masks.set(JAVA_SHORT, XcbInput.EVENT_MASK_DEVICEID, XcbInput.DEVICE_ALL_MASTER);
            masks.set(JAVA_SHORT, XcbInput.EVENT_MASK_LEN, (short) 1);
            masks.set(JAVA_INT, XcbInput.EVENT_MASK_T.byteSize(), mask);
            int cookie = (int) XcbInput.XI_SELECT_EVENTS_CHECKED.invokeExact(x.pointer(), x.root(), (short) 1, masks);
            if (checked) {
                x.check(cookie, "XISelectEvents(root, Motion|RawMotion)");
            }
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Takes an XI2 motion event; returns whether it was one. */
    boolean onEvent(int type, long event) {
        if (type != XcbWindow.GE_GENERIC
                || Byte.toUnsignedInt(NativeMemory.ALL.get(JAVA_BYTE, event + XcbWindow.GE_EXTENSION)) != opcode) {
            return false;
        }
        int evtype = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbWindow.GE_EVENT_TYPE));
        if (evtype == XcbInput.MOTION || evtype == XcbInput.RAW_MOTION) {
            moved = true;
        }
        return true;
    }

    /** Whether the pointer moved since the last call. */
    boolean takeMoved() {
        boolean m = moved;
        moved = false;
        return m;
    }

    /** Deselects (when the server is still there). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!x.isClosed() && !x.hasError()) {
            try {
                select(x, 0, false);
                x.flush();
            } catch (RuntimeException e) {
                // closing anyway
            }
        }
    }
}
