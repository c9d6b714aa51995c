package dev.deskdup.xvfb;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A window made by an {@link X11Painter} ({@link X11Painter#createWindow}), on its connection: map, move, resize,
 * restack, name and destroy it, and draw into it, as an application (or a window manager) would. Every call is
 * queued; {@link #sync()} (or the painter's) waits until the server has done it. The window goes away with the
 * painter's connection at the latest. Not thread-safe, like the painter.
 */
public final class TestWindow {

    private static final int CONFIG_X = 1;
    private static final int CONFIG_Y = 2;
    private static final int CONFIG_WIDTH = 4;
    private static final int CONFIG_HEIGHT = 8;
    private static final int CONFIG_STACK_MODE = 64;
    private static final int STACK_ABOVE = 0;
    private static final int STACK_BELOW = 1;
    private static final byte PROP_MODE_REPLACE = 0;
    private static final int ATOM_STRING = 31;
    private static final int ATOM_WM_NAME = 39;
    private static final int ATOM_WM_CLASS = 67;

    private final X11Painter painter;
    private final int id;

    TestWindow(X11Painter painter, int id) {
        this.painter = painter;
        this.id = id;
    }

    /** The window's X id. */
    public int id() {
        return id;
    }

    /** The id as xwininfo prints it, e.g. {@code 0x200001}. */
    public String idHex() {
        return "0x" + Integer.toHexString(id);
    }

    public TestWindow map() {
        call(XcbClient.MAP_WINDOW);
        return this;
    }

    public TestWindow unmap() {
        call(XcbClient.UNMAP_WINDOW);
        return this;
    }

    public void destroy() {
        call(XcbClient.DESTROY_WINDOW);
    }

    /** Moves the window's outer top-left corner to {@code (x, y)} of its parent. */
    public TestWindow moveTo(int x, int y) {
        return configure(CONFIG_X | CONFIG_Y, x, y);
    }

    /** Gives the window's content a new size. */
    public TestWindow resize(int width, int height) {
        return configure(CONFIG_WIDTH | CONFIG_HEIGHT, width, height);
    }

    /** Puts the window on top of its siblings. */
    public TestWindow raise() {
        return configure(CONFIG_STACK_MODE, STACK_ABOVE);
    }

    /** Puts the window below its siblings. */
    public TestWindow lower() {
        return configure(CONFIG_STACK_MODE, STACK_BELOW);
    }

    /** Sets {@code WM_NAME} (Latin-1) and {@code _NET_WM_NAME} (UTF-8), as toolkits do. */
    public TestWindow title(String title) {
        property(ATOM_WM_NAME, ATOM_STRING, 8, title.getBytes(StandardCharsets.ISO_8859_1));
        int utf8 = XcbClient.atom(painter.connection(), "UTF8_STRING");
        property(XcbClient.atom(painter.connection(), "_NET_WM_NAME"), utf8, 8,
                title.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Sets only {@code WM_NAME} (Latin-1), as old clients do. */
    public TestWindow legacyTitle(String title) {
        property(ATOM_WM_NAME, ATOM_STRING, 8, title.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Sets {@code WM_CLASS}: instance and class, each NUL-terminated. */
    public TestWindow wmClass(String instance, String className) {
        property(ATOM_WM_CLASS, ATOM_STRING, 8,
                (instance + "\0" + className + "\0").getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Sets {@code _NET_WM_PID}. */
    public TestWindow pid(long pid) {
        byte[] v = {(byte) pid, (byte) (pid >> 8), (byte) (pid >> 16), (byte) (pid >> 24)};
        property(XcbClient.atom(painter.connection(), "_NET_WM_PID"), XcbClient.ATOM_CARDINAL, 32, v);
        return this;
    }

    /** Sets {@code WM_STATE} (NormalState), as a window manager does on the windows it manages. */
    public TestWindow wmState() {
        int wmState = XcbClient.atom(painter.connection(), "WM_STATE");
        property(wmState, wmState, 32, new byte[]{1, 0, 0, 0, 0, 0, 0, 0});
        return this;
    }

    /** Fills a rectangle of the window (window coordinates) with {@code rgb}. */
    public TestWindow fill(int x, int y, int width, int height, int rgb) {
        painter.fillRect(id, x, y, width, height, rgb);
        return this;
    }

    /** Puts {@code 0x00RRGGBB} pixels at {@code (x, y)} of the window. */
    public TestWindow putImage(int x, int y, int width, int height, int[] rgb) {
        painter.putImage(id, x, y, width, height, rgb);
        return this;
    }

    /** Waits until the server has done everything asked so far. */
    public TestWindow sync() {
        painter.sync();
        return this;
    }

    @Override
    public String toString() {
        return "TestWindow[" + idHex() + "]";
    }

    private void call(java.lang.invoke.MethodHandle request) {
        try {
            int ignored = (int) request.invokeExact(painter.connection(), id);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }

    private TestWindow configure(int mask, int... values) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment list = temp.allocateFrom(JAVA_INT, values);
            int ignored = (int) XcbClient.CONFIGURE_WINDOW.invokeExact(painter.connection(), id, (short) mask, list);
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
        return this;
    }

    private void property(int property, int type, int format, byte[] value) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment data = temp.allocateFrom(JAVA_BYTE, value.length == 0 ? new byte[1] : value);
            int ignored = (int) XcbClient.CHANGE_PROPERTY.invokeExact(painter.connection(), PROP_MODE_REPLACE, id,
                    property, type, (byte) format, value.length / (format / 8), data);
            ignored = (int) XcbClient.FLUSH.invokeExact(painter.connection()); // data is freed when this returns
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
    }
}
