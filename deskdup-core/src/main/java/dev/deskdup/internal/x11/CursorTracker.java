package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;
import dev.deskdup.spi.CursorWriter;
import dev.deskdup.internal.os.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The mouse cursor, from XFIXES: the shape (ARGB + hotspot) is fetched only when the server sends a CursorNotify
 * (selected with {@code xcb_xfixes_select_cursor_input}), the position once per frame ({@code QueryPointer}, one
 * round trip, allocation-free). The position is relative to a window: the root for the screen, the captured window
 * in window mode (the server translates it, wherever the window is and whoever its parent is).
 *
 * <p>Each shape gets its own read-only segment (allocated on shape change only, never per frame) so a frame held by
 * the consumer keeps the shape it was delivered with.
 */
final class CursorTracker {

    private final X11Connection x;
    private final int firstEvent;
    /** The window the position is relative to. */
    private final int relativeTo;
    private boolean shapeStale = true;
    private long serial;
    private int width;
    private int height;
    private int hotspotX;
    private int hotspotY;
    private MemorySegment pixels = MemorySegment.NULL;
    /** The shape serial the previous frame carried, for "shape changed since the previous frame". */
    private long deliveredSerial;
    private int pointerX;
    private int pointerY;
    private boolean onScreen;
    private long shapeFailures;
    // What the previous frame showed (applyTo), to tell whether the cursor alone changes the next one.
    private int lastX = Integer.MIN_VALUE;
    private int lastY;
    private boolean lastVisible;
    private boolean lastShown;

    private CursorTracker(X11Connection x, int firstEvent, int relativeTo) {
        this.x = x;
        this.firstEvent = firstEvent;
        this.relativeTo = relativeTo;
    }

    /** Why the cursor cannot be tracked on this connection, or null when it can. */
    static String unavailableReason(X11Connection x) {
        if (!XcbXfixes.LIB.isLoaded()) {
            return XcbXfixes.LIB.unavailableReason();
        }
        return x.extension(XcbXfixes.EXTENSION_ID) == null ? "display=" + x.display() + " has no XFIXES extension"
                : null;
    }

    static CursorTracker create(X11Connection x) {
        return create(x, x.root());
    }

    /** A tracker whose positions are relative to {@code window}'s content origin. */
    static CursorTracker create(X11Connection x, int window) {
        X11Connection.Extension ext = unavailableReason(x) == null ? x.extension(XcbXfixes.EXTENSION_ID) : null;
        if (ext == null) {
            throw new CaptureException("XFIXES is missing on display=" + x.display() + " (cursor tracking needs it; "
                    + "open with cursor(CursorMode.NONE))");
        }
        x.queryVersion("XFixesQueryVersion", XcbXfixes.QUERY_VERSION, 5, 0);
        try {
            int cookie = (int) XcbXfixes.SELECT_CURSOR_INPUT_CHECKED.invokeExact(x.pointer(), x.root(),
                    XcbXfixes.CURSOR_NOTIFY_MASK_DISPLAY_CURSOR);
            x.check(cookie, "XFixesSelectCursorInput");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        return new CursorTracker(x, ext.firstEvent(), window);
    }

    /** Takes a CursorNotify; returns whether it was one. */
    boolean onEvent(int type, long event) {
        if (type != firstEvent + XcbXfixes.CURSOR_NOTIFY) {
            return false;
        }
        shapeStale = true;
        return true;
    }

    /** Whether the shape changed since it was last fetched. */
    boolean shapeStale() {
        return shapeStale;
    }

    /** How many shape fetches the server refused (each retried next frame). */
    long shapeFailures() {
        return shapeFailures;
    }

    /** Reads the pointer position, and the shape if it changed. One round trip, two when the shape changed. */
    void update() {
        if (shapeStale) {
            fetchShape();
        }
        int cookie;
        try {
            cookie = (int) Xcb.QUERY_POINTER.invokeExact(x.pointer(), relativeTo);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply;
        try {
            reply = x.reply(cookie, "QueryPointer");
        } catch (XRequestException e) {
            if (relativeTo != x.root() && e.errorCode() == WindowQueries.BAD_WINDOW) {
                onScreen = false; // the captured window was just destroyed: its DestroyNotify ends the capture
                return;
            }
            throw e;
        }
        onScreen = NativeMemory.ALL.get(JAVA_BYTE, reply + Xcb.POINTER_SAME_SCREEN) != 0;
        pointerX = NativeMemory.ALL.get(JAVA_SHORT, reply + Xcb.POINTER_WIN_X); // relative to relativeTo (root_x for the root)
        pointerY = NativeMemory.ALL.get(JAVA_SHORT, reply + Xcb.POINTER_WIN_Y);
        Libc.free(reply);
    }

    /** Not on the frame path in steady state: only after a CursorNotify. */
    private boolean fetchShape() {
        int cookie;
        try {
            cookie = (int) XcbXfixes.GET_CURSOR_IMAGE.invokeExact(x.pointer());
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply;
        try {
            reply = x.reply(cookie, "XFixesGetCursorImage");
        } catch (XRequestException refused) {
            // Xvfb refuses (BadAccess) the image of a cursor whose owner freed it and went away (xsetroot
            // -cursor_name does that): keep the previous shape; the next CursorNotify tries again.
            shapeStale = false;
            shapeFailures++;
            return false;
        }
        shapeStale = false; // only now: a wait given up on (a frozen server) leaves the shape to fetch next frame
        try {
            int w = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbXfixes.CURSOR_IMAGE_WIDTH));
            int h = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbXfixes.CURSOR_IMAGE_HEIGHT));
            long bytes = 4L * w * h;
            MemorySegment copy = Arena.ofAuto().allocate(Math.max(4, bytes), 4);
            MemorySegment.copy(NativeMemory.ALL, reply + XcbXfixes.CURSOR_IMAGE_PIXELS, copy, 0, bytes);
            width = w;
            height = h;
            hotspotX = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbXfixes.CURSOR_IMAGE_XHOT));
            hotspotY = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbXfixes.CURSOR_IMAGE_YHOT));
            pixels = copy.asSlice(0, bytes).asReadOnly();
            serial++;
            return true;
        } finally {
            Libc.free(reply);
        }
    }

    /**
     * Writes position (relative to the captured area at {@code originX, originY}, {@code width × height}) and
     * shape into the slot's cursor; the "changed" flag is relative to the previous call.
     *
     * @return whether the shape changed since the previous call
     */
    boolean applyTo(CursorWriter cursor, int originX, int originY, int areaWidth, int areaHeight) {
        int fx = pointerX - originX;
        int fy = pointerY - originY;
        boolean visible = onScreen && fx >= 0 && fy >= 0 && fx < areaWidth && fy < areaHeight;
        cursor.position(fx, fy, visible);
        lastX = fx;
        lastY = fy;
        lastVisible = visible;
        lastShown = shown(fx, fy, areaWidth, areaHeight);
        if (cursor.serial() != serial) {
            cursor.shape(serial, width, height, hotspotX, hotspotY, pixels);
        }
        boolean changed = deliveredSerial != serial;
        cursor.shapeChanged(changed);
        deliveredSerial = serial;
        return changed;
    }

    /**
     * After {@link #update()}: whether the cursor alone makes the next frame differ from the previous one (its
     * hotspot moved while visible, it came or went, its image moved over the area, or its shape changed).
     */
    boolean changesFrame(int originX, int originY, int areaWidth, int areaHeight) {
        int fx = pointerX - originX;
        int fy = pointerY - originY;
        boolean visible = onScreen && fx >= 0 && fy >= 0 && fx < areaWidth && fy < areaHeight;
        boolean shown = shown(fx, fy, areaWidth, areaHeight);
        boolean moved = fx != lastX || fy != lastY;
        return deliveredSerial != serial || visible != lastVisible || shown != lastShown
                || (moved && (visible || shown));
    }

    /** Whether some of the cursor image at hotspot {@code (fx, fy)} lies on the area. */
    private boolean shown(int fx, int fy, int areaWidth, int areaHeight) {
        int left = fx - hotspotX;
        int top = fy - hotspotY;
        return onScreen && left < areaWidth && top < areaHeight && left + width > 0 && top + height > 0;
    }

    /** Top-left of the cursor image, relative to the window positions are relative to. */
    int imageLeft() {
        return pointerX - hotspotX;
    }

    int imageTop() {
        return pointerY - hotspotY;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    boolean onScreen() {
        return onScreen;
    }

    /** The current shape's pixels (premultiplied ARGB ints). */
    MemorySegment pixels() {
        return pixels;
    }

    static int pixel(MemorySegment argb, long index) {
        return argb.get(JAVA_INT, 4 * index);
    }
}
