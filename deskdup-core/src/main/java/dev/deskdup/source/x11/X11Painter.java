package dev.deskdup.source.x11;

import dev.deskdup.CaptureException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Draws on an X screen's root window through its own connection: filled rectangles and images. Used by the tests
 * (known patterns to capture and compare) and by {@link dev.deskdup.VirtualDisplay}'s moving scene. Not thread-safe.
 */
public final class X11Painter implements AutoCloseable {

    private final X11Connection x;
    private final Arena arena = Arena.ofConfined();
    private final int gc;
    private final MemorySegment values = arena.allocate(JAVA_INT, 2);
    private final MemorySegment rectangle = arena.allocate(Xcb.RECTANGLE);
    private final long maxRequestBytes;
    private final java.util.List<Integer> cursors = new java.util.ArrayList<>();
    private int cursorFont;

    private X11Painter(X11Connection x) {
        this.x = x;
        x.requireBgra32();
        try {
            gc = x.generateId();
            values.setAtIndex(JAVA_INT, 0, 0);   // foreground
            values.setAtIndex(JAVA_INT, 1, 0);   // graphics_exposures: off, no events for our copies
            int cookie = (int) Xcb.CREATE_GC_CHECKED.invokeExact(x.pointer(), gc, x.root(),
                    Xcb.GC_FOREGROUND | Xcb.GC_GRAPHICS_EXPOSURES, values);
            x.check(cookie, "CreateGC");
            maxRequestBytes = 4L * Integer.toUnsignedLong((int) Xcb.GET_MAXIMUM_REQUEST_LENGTH.invokeExact(x.pointer()));
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        } catch (Throwable t) {
            arena.close();
            throw new AssertionError(t);
        }
    }

    /** Connects a painter to {@code display}. */
    public static X11Painter connect(String display) {
        X11Connection x = X11Connection.connect(display);
        try {
            return new X11Painter(x);
        } catch (RuntimeException | Error e) {
            x.close();
            throw e;
        }
    }

    public int screenWidth() {
        return x.width();
    }

    public int screenHeight() {
        return x.height();
    }

    public X11Connection connection() {
        return x;
    }

    /** Fills a rectangle with {@code rgb} ({@code 0xRRGGBB}). Queued; call {@link #sync()} to wait for it. */
    public void fillRect(int left, int top, int w, int h, int rgb) {
        try {
            values.setAtIndex(JAVA_INT, 0, rgb & 0xFFFFFF);
            int ignored = (int) Xcb.CHANGE_GC.invokeExact(x.pointer(), gc, Xcb.GC_FOREGROUND, values);
            rectangle.set(JAVA_SHORT, Xcb.RECT_X, (short) left);
            rectangle.set(JAVA_SHORT, Xcb.RECT_Y, (short) top);
            rectangle.set(JAVA_SHORT, Xcb.RECT_WIDTH, (short) w);
            rectangle.set(JAVA_SHORT, Xcb.RECT_HEIGHT, (short) h);
            ignored = (int) Xcb.POLY_FILL_RECTANGLE.invokeExact(x.pointer(), x.root(), gc, 1, rectangle);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Puts an image of {@code 0x00RRGGBB} pixels ({@code w*h} ints, rows packed) at {@code (left, top)}; split into
     * bands that fit the server's maximum request length.
     */
    public void putImage(int left, int top, int w, int h, int[] rgb) {
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
                int ignored = (int) Xcb.PUT_IMAGE.invokeExact(x.pointer(), Xcb.IMAGE_FORMAT_Z_PIXMAP, x.root(), gc,
                        (short) w, (short) rows, (short) left, (short) (top + row), (byte) 0, (byte) x.depth(),
                        (int) (rowBytes * rows), band);
                // The band is reused: wait until xcb has written the request out.
                x.flush();
            }
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Moves the pointer to {@code (x, y)} on the root window (XWarpPointer). Queued; {@link #sync()} waits. */
    public void warpPointer(int px, int py) {
        try {
            int ignored = (int) Xcb.WARP_POINTER.invokeExact(x.pointer(), 0, x.root(), (short) 0, (short) 0,
                    (short) 0, (short) 0, (short) px, (short) py);
        } catch (Throwable t) {
            throw new AssertionError(t);
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
                cursorFont = x.generateId();
                MemorySegment name = temp.allocateFrom("cursor");
                int ignored = (int) Xcb.OPEN_FONT.invokeExact(x.pointer(), cursorFont, (short) 6, name);
            }
            int cursor = x.generateId();
            int ignored = (int) Xcb.CREATE_GLYPH_CURSOR.invokeExact(x.pointer(), cursor, cursorFont, cursorFont,
                    (short) glyph, (short) (glyph + 1), (short) 0, (short) 0, (short) 0, (short) -1, (short) -1,
                    (short) -1);
            MemorySegment value = temp.allocateFrom(JAVA_INT, cursor);
            ignored = (int) Xcb.CHANGE_WINDOW_ATTRIBUTES.invokeExact(x.pointer(), x.root(), Xcb.CW_CURSOR, value);
            cursors.add(cursor);
            x.sync();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** Waits until the server has drawn everything sent so far. */
    public void sync() {
        x.sync();
    }

    @Override
    public void close() {
        if (x.isClosed()) {
            return;
        }
        try {
            if (!x.hasError()) {
                int ignored = (int) Xcb.FREE_GC.invokeExact(x.pointer(), gc);
                for (int cursor : cursors) {
                    ignored = (int) Xcb.FREE_CURSOR.invokeExact(x.pointer(), cursor);
                }
                if (cursorFont != 0) {
                    ignored = (int) Xcb.CLOSE_FONT.invokeExact(x.pointer(), cursorFont);
                }
            }
        } catch (Throwable t) {
            throw new CaptureException("freeing the GC failed: " + t, t);
        } finally {
            arena.close();
            x.close();
        }
    }
}
