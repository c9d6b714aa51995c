package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.Libc;
import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The core window requests as Java values, one round trip each ({@link XcbWindow}). Not on the frame path: used to
 * look a window up, list windows, and follow one after it changed. A window that no longer exists (BadWindow,
 * BadDrawable) gives {@code null}; any other error throws.
 */
final class WindowQueries {

    static final int BAD_WINDOW = 3;
    static final int BAD_DRAWABLE = 9;
    /** Longest property value read, in 4-byte units (titles longer than 64 KiB are cut). */
    private static final int PROPERTY_MAX_WORDS = 16 * 1024;

    private WindowQueries() {
    }

    /** What {@code GetWindowAttributes} says that window capture needs. */
    record Attributes(int windowClass, int mapState, boolean overrideRedirect) {
        boolean inputOnly() {
            return windowClass == XcbWindow.WINDOW_CLASS_INPUT_ONLY;
        }

        boolean viewable() {
            return mapState == XcbWindow.MAP_STATE_VIEWABLE;
        }

        boolean mapped() {
            return mapState != XcbWindow.MAP_STATE_UNMAPPED;
        }
    }

    /** {@code GetGeometry}: position relative to the parent, size without border, border width, depth. */
    record Geometry(int depth, int x, int y, int width, int height, int borderWidth) {
    }

    /** {@code QueryTree}: the parent and the children, bottom of the stacking order first. */
    record Tree(int parent, int[] children) {
    }

    static Attributes attributes(X11Connection x, int window) {
        long reply = reply(x, XcbWindow.GET_WINDOW_ATTRIBUTES, window,
                "GetWindowAttributes");
        if (reply == 0) {
            return null;
        }
        try {
            return new Attributes(
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.ATTRIBUTES_CLASS)),
                    Byte.toUnsignedInt(NativeMemory.ALL.get(JAVA_BYTE, reply + XcbWindow.ATTRIBUTES_MAP_STATE)),
                    NativeMemory.ALL.get(JAVA_BYTE, reply + XcbWindow.ATTRIBUTES_OVERRIDE_REDIRECT) != 0);
        } finally {
            Libc.free(reply);
        }
    }

    /** The geometry of a window or pixmap. */
    static Geometry geometry(X11Connection x, int drawable) {
        long reply = reply(x, XcbWindow.GET_GEOMETRY, drawable, "GetGeometry");
        if (reply == 0) {
            return null;
        }
        try {
            return new Geometry(
                    Byte.toUnsignedInt(NativeMemory.ALL.get(JAVA_BYTE, reply + XcbWindow.GEOMETRY_DEPTH)),
                    NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.GEOMETRY_X),
                    NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.GEOMETRY_Y),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.GEOMETRY_WIDTH)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.GEOMETRY_HEIGHT)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.GEOMETRY_BORDER_WIDTH)));
        } finally {
            Libc.free(reply);
        }
    }

    static Tree tree(X11Connection x, int window) {
        long reply = reply(x, XcbWindow.QUERY_TREE, window, "QueryTree");
        if (reply == 0) {
            return null;
        }
        try {
            int n = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.TREE_CHILDREN_LEN));
            int[] children = new int[n];
            MemorySegment.copy(NativeMemory.ALL, JAVA_INT, reply + XcbWindow.TREE_CHILDREN, children, 0, n);
            return new Tree(NativeMemory.ALL.get(JAVA_INT, reply + XcbWindow.TREE_PARENT), children);
        } finally {
            Libc.free(reply);
        }
    }

    /** Where {@code window}'s content origin is on the root window; null when it is gone. */
    static int[] rootPosition(X11Connection x, int window) {
        int cookie;
        try {
            cookie = (int) XcbWindow.TRANSLATE_COORDINATES.invokeExact(x.pointer(), window, x.root(), (short) 0,
                    (short) 0);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = replyOrGone(x, cookie, "TranslateCoordinates");
        if (reply == 0) {
            return null;
        }
        try {
            return new int[]{NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.TRANSLATED_X),
                    NativeMemory.ALL.get(JAVA_SHORT, reply + XcbWindow.TRANSLATED_Y)};
        } finally {
            Libc.free(reply);
        }
    }

    /** The atom of {@code name}, made if it does not exist yet. */
    static int atom(X11Connection x, String name) {
        int cookie;
        try (Arena temp = Arena.ofConfined()) {
            byte[] bytes = name.getBytes(StandardCharsets.ISO_8859_1);
            cookie = (int) XcbWindow.INTERN_ATOM.invokeExact(x.pointer(), (byte) 0, (short) bytes.length,
                    temp.allocateFrom(JAVA_BYTE, bytes));
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = x.reply(cookie, "InternAtom(" + name + ")");
        try {
            return NativeMemory.ALL.get(JAVA_INT, reply + XcbWindow.ATOM);
        } finally {
            Libc.free(reply);
        }
    }

    /** A property's value and the type it has; null when the window has none or is gone. */
    record Property(int type, int format, byte[] value) {
        /** The value as text: UTF-8 for {@code UTF8_STRING}, else Latin-1 (STRING; COMPOUND_TEXT's ASCII part). */
        String text(int utf8StringAtom) {
            int end = value.length;
            while (end > 0 && value[end - 1] == 0) {
                end--;
            }
            return new String(value, 0, end, type == utf8StringAtom ? StandardCharsets.UTF_8
                    : StandardCharsets.ISO_8859_1);
        }

        /** The first 32-bit item, or -1 when it is not a 32-bit property. */
        long firstCardinal() {
            if (format != 32 || value.length < 4) {
                return -1;
            }
            return Integer.toUnsignedLong((value[0] & 0xFF) | (value[1] & 0xFF) << 8 | (value[2] & 0xFF) << 16
                    | (value[3] & 0xFF) << 24);
        }
    }

    static Property property(X11Connection x, int window, int property, int type) {
        int cookie;
        try {
            cookie = (int) XcbWindow.GET_PROPERTY.invokeExact(x.pointer(), (byte) 0, window, property, type, 0,
                    PROPERTY_MAX_WORDS);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = replyOrGone(x, cookie, "GetProperty");
        if (reply == 0) {
            return null;
        }
        try {
            int actualType = NativeMemory.ALL.get(JAVA_INT, reply + XcbWindow.PROPERTY_TYPE);
            int format = Byte.toUnsignedInt(NativeMemory.ALL.get(JAVA_BYTE, reply + XcbWindow.PROPERTY_FORMAT));
            if (actualType == 0 || format == 0) {
                return null; // no such property
            }
            long items = Integer.toUnsignedLong(NativeMemory.ALL.get(JAVA_INT, reply + XcbWindow.PROPERTY_VALUE_LEN));
            int bytes = (int) Math.min(Integer.MAX_VALUE, items * (format / 8));
            byte[] value = new byte[bytes];
            MemorySegment.copy(NativeMemory.ALL, JAVA_BYTE, reply + XcbWindow.PROPERTY_VALUE, value, 0, bytes);
            return new Property(actualType, format, value);
        } finally {
            Libc.free(reply);
        }
    }

    /** Frees a pixmap (unchecked: it goes out with the next flush). */
    static void freePixmap(X11Connection x, int pixmap) {
        try {
            int ignored = (int) XcbWindow.FREE_PIXMAP.invokeExact(x.pointer(), pixmap);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    private static long reply(X11Connection x, MethodHandle request, int id, String name) {
        int cookie;
        try {
            cookie = (int) request.invokeExact(x.pointer(), id);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        return replyOrGone(x, cookie, name);
    }

    /**
     * The one place window requests wait for their replies (bounded: {@link X11Replies}): the reply's address, or 0
     * when the window or drawable is gone (BadWindow, BadDrawable); any other error throws. Not on the frame path.
     */
    static long replyOrGone(X11Connection x, int cookie, String name) {
        try {
            return x.reply(cookie, name);
        } catch (XRequestException e) {
            if (e.errorCode() == BAD_WINDOW || e.errorCode() == BAD_DRAWABLE) {
                return 0;
            }
            throw e;
        }
    }
}
