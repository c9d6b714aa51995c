package dev.deskdup.xvfb;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Draws on a private X server's root window through its own connection: filled rectangles, images, the pointer and
 * its cursor; and makes windows to draw into ({@link #createWindow}, {@link TestWindow}). Used by tests (known
 * patterns to capture and compare), benchmarks (workloads) and the {@link VirtualDisplay}'s moving scene. Get one
 * from {@link VirtualDisplay#painter()}. Not thread-safe.
 */
public final class X11Painter implements AutoCloseable {

    private final Arena arena = Arena.ofConfined();
    private final MemorySegment conn;
    private final XcbClient.Screen screen;
    private final int gc;
    private final MemorySegment values = arena.allocate(JAVA_INT, 2);
    private final MemorySegment rectangle = arena.allocate(XcbClient.RECTANGLE_T);
    private final long maxRequestBytes;
    private final List<Integer> cursors = new ArrayList<>();
    private int cursorFont;
    private boolean closed;

    private X11Painter(MemorySegment conn) {
        this.conn = conn;
        try {
            this.screen = XcbClient.screen(conn, arena);
            gc = (int) XcbClient.GENERATE_ID.invokeExact(conn);
            values.setAtIndex(JAVA_INT, 0, 0);   // foreground
            values.setAtIndex(JAVA_INT, 1, 0);   // graphics_exposures: off, no events for our copies
            int cookie = (int) XcbClient.CREATE_GC_CHECKED.invokeExact(conn, gc, screen.root(),
                    XcbClient.GC_FOREGROUND | XcbClient.GC_GRAPHICS_EXPOSURES, values);
            check(cookie, "CreateGC");
            maxRequestBytes = 4L * Integer.toUnsignedLong((int) XcbClient.GET_MAXIMUM_REQUEST_LENGTH.invokeExact(conn));
        } catch (Throwable t) {
            arena.close();
            throw XcbClient.rethrow(t);
        }
    }

    /**
     * Connects to any local display (e.g. a desktop's {@code :0}) with the cookie its Xauthority file holds.
     *
     * @param xauthority the file, or null for {@code $XAUTHORITY}, else {@code ~/.Xauthority}
     */
    public static X11Painter connect(String display, java.nio.file.Path xauthority) {
        java.nio.file.Path file = xauthority;
        if (file == null) {
            String env = System.getenv("XAUTHORITY");
            file = env != null && !env.isBlank() ? java.nio.file.Path.of(env)
                    : java.nio.file.Path.of(System.getProperty("user.home"), ".Xauthority");
        }
        String number = display.substring(display.lastIndexOf(':') + 1).replaceAll("\\..*$", "");
        try {
            return connect(display, XAuthorityFile.read(file, number));
        } catch (java.io.IOException e) {
            throw new XvfbException("cannot read the cookie of display=" + display + " from xauthority=" + file
                    + ": " + e.getMessage(), e);
        }
    }

    /** Connects to {@code display} presenting {@code cookie} (MIT-MAGIC-COOKIE-1). */
    static X11Painter connect(String display, byte[] cookie) {
        MemorySegment conn;
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment auth = temp.allocate(XcbClient.AUTH_INFO_T);
            MemorySegment protocol = temp.allocateFrom(XAuthorityFile.PROTOCOL);
            auth.set(JAVA_INT, XcbClient.AUTH_NAMELEN, (int) protocol.byteSize() - 1);
            auth.set(ADDRESS, XcbClient.AUTH_NAME, protocol);
            auth.set(JAVA_INT, XcbClient.AUTH_DATALEN, cookie.length);
            auth.set(ADDRESS, XcbClient.AUTH_DATA, temp.allocateFrom(JAVA_BYTE, cookie));
            conn = (MemorySegment) XcbClient.CONNECT_WITH_AUTH.invokeExact(temp.allocateFrom(display), auth,
                    temp.allocate(JAVA_INT));
            if ((int) XcbClient.CONNECTION_HAS_ERROR.invokeExact(conn) != 0) {
                XcbClient.DISCONNECT.invokeExact(conn);
                throw new IllegalStateException("the painter cannot connect to display=" + display
                        + " (is the server running?)");
            }
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
        try {
            return new X11Painter(conn);
        } catch (RuntimeException | Error e) {
            disconnect(conn);
            throw e;
        }
    }

    private static void disconnect(MemorySegment conn) {
        try {
            XcbClient.DISCONNECT.invokeExact(conn);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    private void check(int cookie, String request) throws Throwable {
        long error = (long) XcbClient.REQUEST_CHECK.invokeExact(conn, cookie);
        if (error != 0) {
            int code = Byte.toUnsignedInt(MemorySegment.ofAddress(error).reinterpret(2).get(JAVA_BYTE, 1));
            XcbClient.Libc.free(error);
            throw new IllegalStateException("X request " + request + " failed with error code " + code);
        }
    }

    public int screenWidth() {
        return screen.width();
    }

    public int screenHeight() {
        return screen.height();
    }

    /** The root window's id. */
    public int root() {
        return screen.root();
    }

    /** The connection, for drawing calls this class lacks ({@code xcb_connection_t *}). */
    MemorySegment connection() {
        return conn;
    }

    /** Fills a rectangle of the root window with {@code rgb} ({@code 0xRRGGBB}). Queued; {@link #sync()} waits. */
    public void fillRect(int left, int top, int w, int h, int rgb) {
        fillRect(screen.root(), left, top, w, h, rgb);
    }

    /** Fills a rectangle of {@code drawable} (a window of this display) with {@code rgb}. Queued. */
    public void fillRect(int drawable, int left, int top, int w, int h, int rgb) {
        try {
            values.setAtIndex(JAVA_INT, 0, rgb & 0xFFFFFF);
            int ignored = (int) XcbClient.CHANGE_GC.invokeExact(conn, gc, XcbClient.GC_FOREGROUND, values);
            rectangle.set(JAVA_SHORT, 0, (short) left);
            rectangle.set(JAVA_SHORT, 2, (short) top);
            rectangle.set(JAVA_SHORT, 4, (short) w);
            rectangle.set(JAVA_SHORT, 6, (short) h);
            ignored = (int) XcbClient.POLY_FILL_RECTANGLE.invokeExact(conn, drawable, gc, 1, rectangle);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    /**
     * Makes the whole screen {@code rgb}, whatever its size, also the part a later resize uncovers: the root
     * window's background becomes {@code rgb} and is painted over the root, under a server grab so that no other
     * client's request (a resize, a capture) lands between the two. Queued; {@link #sync()} waits.
     */
    public void fillScreen(int rgb) {
        try {
            int ignored = (int) XcbClient.GRAB_SERVER.invokeExact(conn);
            values.setAtIndex(JAVA_INT, 0, rgb & 0xFFFFFF);
            ignored = (int) XcbClient.CHANGE_WINDOW_ATTRIBUTES.invokeExact(conn, screen.root(),
                    XcbClient.CW_BACK_PIXEL, values);
            ignored = (int) XcbClient.CLEAR_AREA.invokeExact(conn, (byte) 0, screen.root(), (short) 0, (short) 0,
                    (short) 0, (short) 0); // width and height 0: to the window's edges
            ignored = (int) XcbClient.UNGRAB_SERVER.invokeExact(conn);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    /**
     * Puts an image of {@code 0x00RRGGBB} pixels ({@code w*h} ints, rows packed) at {@code (left, top)} of the root
     * window, in bands that fit the server's maximum request length.
     */
    public void putImage(int left, int top, int w, int h, int[] rgb) {
        putImage(screen.root(), left, top, w, h, rgb);
    }

    /** As {@link #putImage(int, int, int, int, int[])}, into {@code drawable} (a window of this display). */
    public void putImage(int drawable, int left, int top, int w, int h, int[] rgb) {
        if (rgb.length < w * h) {
            throw new IllegalArgumentException("rgb.length=" + rgb.length + " < " + w + "*" + h);
        }
        long rowBytes = 4L * w;
        int rowsPerBand = (int) Math.max(1, Math.min(h, (maxRequestBytes - 64) / rowBytes));
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment band = temp.allocate(rowBytes * rowsPerBand, 8);
            for (int row = 0; row < h; row += rowsPerBand) {
                int rows = Math.min(rowsPerBand, h - row);
                MemorySegment.copy(rgb, row * w, band, JAVA_INT, 0, rows * w);
                int ignored = (int) XcbClient.PUT_IMAGE.invokeExact(conn, XcbClient.IMAGE_FORMAT_Z_PIXMAP,
                        drawable, gc, (short) w, (short) rows, (short) left, (short) (top + row), (byte) 0,
                        (byte) screen.depth(), (int) (rowBytes * rows), band);
                // The band is reused: wait until xcb has written the request out.
                ignored = (int) XcbClient.FLUSH.invokeExact(conn);
            }
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    /** Moves the pointer to {@code (x, y)} on the root window (XWarpPointer). Queued; {@link #sync()} waits. */
    public void warpPointer(int px, int py) {
        try {
            int ignored = (int) XcbClient.WARP_POINTER.invokeExact(conn, 0, screen.root(), (short) 0, (short) 0,
                    (short) 0, (short) 0, (short) px, (short) py);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    /**
     * Moves the pointer to {@code (x, y)} of the root window as an input device would (XTEST fake motion, like
     * {@code xdotool mousemove}): unlike {@link #warpPointer}, this makes the raw device events that input
     * listeners see. Queued; {@link #sync()} waits. Needs libxcb-xtest0.
     */
    public void movePointer(int px, int py) {
        XcbXTest.fakeMotion(conn, screen.root(), px, py);
    }

    /**
     * Makes an unmapped top-level window (a child of the root) with its content at {@code (x, y)}, of
     * {@code width × height}, filled with {@code rgb}; {@link TestWindow#map()} shows it.
     */
    public TestWindow createWindow(int x, int y, int width, int height, int rgb) {
        return createWindow(screen.root(), x, y, width, height, 0, rgb);
    }

    /**
     * Makes an unmapped window inside {@code parent} (e.g. a frame, as a window manager makes them), with a border
     * of {@code borderWidth} pixels (drawn black) and background {@code rgb}.
     */
    public TestWindow createWindow(int parent, int x, int y, int width, int height, int borderWidth, int rgb) {
        try (Arena temp = Arena.ofConfined()) {
            int id = (int) XcbClient.GENERATE_ID.invokeExact(conn);
            // value_list in mask bit order: back_pixel (0x2), border_pixel (0x8)
            MemorySegment list = temp.allocateFrom(JAVA_INT, rgb & 0xFFFFFF, 0);
            int cookie = (int) XcbClient.CREATE_WINDOW_CHECKED.invokeExact(conn, (byte) 0, id, parent, (short) x,
                    (short) y, (short) width, (short) height, (short) borderWidth,
                    XcbClient.WINDOW_CLASS_INPUT_OUTPUT, 0, XcbClient.CW_BACK_PIXEL | XcbClient.CW_BORDER_PIXEL,
                    list);
            check(cookie, "CreateWindow");
            return new TestWindow(this, id);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    /**
     * Gives the root window a cursor from the core cursor font ({@code glyph}: e.g. 68 = left_ptr, 34 = crosshair,
     * 150 = watch; see X11/cursorfont.h), black on white. The cursor lives until the painter is closed, as an
     * application's would (Xvfb will not hand out the image of a cursor whose owner freed it and left).
     */
    public void setRootCursor(int glyph) {
        try (Arena temp = Arena.ofConfined()) {
            if (cursorFont == 0) {
                cursorFont = (int) XcbClient.GENERATE_ID.invokeExact(conn);
                int ignored = (int) XcbClient.OPEN_FONT.invokeExact(conn, cursorFont, (short) 6,
                        temp.allocateFrom("cursor"));
            }
            int cursor = (int) XcbClient.GENERATE_ID.invokeExact(conn);
            int ignored = (int) XcbClient.CREATE_GLYPH_CURSOR.invokeExact(conn, cursor, cursorFont, cursorFont,
                    (short) glyph, (short) (glyph + 1), (short) 0, (short) 0, (short) 0, (short) -1, (short) -1,
                    (short) -1);
            ignored = (int) XcbClient.CHANGE_WINDOW_ATTRIBUTES.invokeExact(conn, screen.root(), XcbClient.CW_CURSOR,
                    temp.allocateFrom(JAVA_INT, cursor));
            cursors.add(cursor);
            XcbClient.sync(conn);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    /** Waits until the server has drawn everything sent so far. */
    public void sync() {
        XcbClient.sync(conn);
    }

    /** Frees the GC and cursors (when the server is still there) and disconnects. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if ((int) XcbClient.CONNECTION_HAS_ERROR.invokeExact(conn) == 0) {
                int ignored = (int) XcbClient.FREE_GC.invokeExact(conn, gc);
                for (int cursor : cursors) {
                    ignored = (int) XcbClient.FREE_CURSOR.invokeExact(conn, cursor);
                }
                if (cursorFont != 0) {
                    ignored = (int) XcbClient.CLOSE_FONT.invokeExact(conn, cursorFont);
                }
                ignored = (int) XcbClient.FLUSH.invokeExact(conn);
            }
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        } finally {
            arena.close();
            disconnect(conn);
        }
    }
}
