package dev.deskdup.xvfb;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The few libxcb calls a drawing client needs (xcb.h, xproto.h): connect with a cookie, fill rectangles, put
 * images, move the pointer, set a cursor, make windows, round trips. The capture library has its own binding; this
 * module does not depend on it, so that the library's tests can use this one.
 *
 * <p>Cookies ({@code struct { unsigned int sequence; }}) are passed as {@code JAVA_INT}, replies as {@code JAVA_LONG}
 * (64-bit SysV ABI).
 */
final class XcbClient {

    private XcbClient() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIB = load();

    private static SymbolLookup load() {
        try {
            return SymbolLookup.libraryLookup("libxcb.so.1", Arena.global());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("libxcb.so.1 cannot be loaded (" + e.getMessage() + "); install it: "
                    + "apt-get install libxcb1 / dnf install libxcb", e);
        }
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LINKER.downcallHandle(LIB.find(name).orElseThrow(() -> new IllegalStateException(
                "libxcb.so.1 has no symbol=" + name + " (too old?)")), fd);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new AssertionError("should not reach here: a downcall threw " + t, t);
    }

    /** xcb_auth_info_t { int namelen; char *name; int datalen; char *data; } */
    static final StructLayout AUTH_INFO_T = MemoryLayout.structLayout(
            JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4), ADDRESS.withName("name"),
            JAVA_INT.withName("datalen"), MemoryLayout.paddingLayout(4), ADDRESS.withName("data"));
    static final long AUTH_NAMELEN = AUTH_INFO_T.byteOffset(groupElement("namelen"));
    static final long AUTH_NAME = AUTH_INFO_T.byteOffset(groupElement("name"));
    static final long AUTH_DATALEN = AUTH_INFO_T.byteOffset(groupElement("datalen"));
    static final long AUTH_DATA = AUTH_INFO_T.byteOffset(groupElement("data"));

    /** xcb_screen_iterator_t { xcb_screen_t *data; int rem; int index; } */
    static final StructLayout ITERATOR_T = MemoryLayout.structLayout(
            ADDRESS.withName("data"), JAVA_INT.withName("rem"), JAVA_INT.withName("index"));
    static final long ITERATOR_DATA = ITERATOR_T.byteOffset(groupElement("data"));

    /** xcb_screen_t (the part we read) */
    static final StructLayout SCREEN_T = MemoryLayout.structLayout(
            JAVA_INT.withName("root"), JAVA_INT.withName("default_colormap"), JAVA_INT.withName("white_pixel"),
            JAVA_INT.withName("black_pixel"), JAVA_INT.withName("current_input_masks"),
            JAVA_SHORT.withName("width_in_pixels"), JAVA_SHORT.withName("height_in_pixels"),
            JAVA_SHORT.withName("width_in_millimeters"), JAVA_SHORT.withName("height_in_millimeters"),
            JAVA_SHORT.withName("min_installed_maps"), JAVA_SHORT.withName("max_installed_maps"),
            JAVA_INT.withName("root_visual"), JAVA_BYTE.withName("backing_stores"), JAVA_BYTE.withName("save_unders"),
            JAVA_BYTE.withName("root_depth"), JAVA_BYTE.withName("allowed_depths_len"));
    static final long SCREEN_ROOT = SCREEN_T.byteOffset(groupElement("root"));
    static final long SCREEN_WIDTH = SCREEN_T.byteOffset(groupElement("width_in_pixels"));
    static final long SCREEN_HEIGHT = SCREEN_T.byteOffset(groupElement("height_in_pixels"));
    static final long SCREEN_ROOT_VISUAL = SCREEN_T.byteOffset(groupElement("root_visual"));
    static final long SCREEN_ROOT_DEPTH = SCREEN_T.byteOffset(groupElement("root_depth"));

    /** xcb_rectangle_t { int16_t x, y; uint16_t width, height; } */
    static final StructLayout RECTANGLE_T = MemoryLayout.structLayout(
            JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"), JAVA_SHORT.withName("width"),
            JAVA_SHORT.withName("height"));

    static final byte IMAGE_FORMAT_Z_PIXMAP = 2;
    static final int GC_FOREGROUND = 4;
    static final int GC_GRAPHICS_EXPOSURES = 65536;
    static final int CW_BACK_PIXEL = 0x2;
    static final int CW_OVERRIDE_REDIRECT = 0x200;
    static final int CW_CURSOR = 0x4000;
    static final short WINDOW_CLASS_INPUT_OUTPUT = 1;
    static final int CONFIG_WINDOW_X = 1;
    static final int CONFIG_WINDOW_Y = 2;
    static final int CONFIG_WINDOW_WIDTH = 4;
    static final int CONFIG_WINDOW_HEIGHT = 8;
    static final int CONFIG_WINDOW_STACK_MODE = 64;
    static final int STACK_MODE_ABOVE = 0;
    static final byte PROP_MODE_REPLACE = 0;
    static final int ATOM_STRING = 31;
    static final int ATOM_WM_NAME = 39;
    static final int ATOM_WM_CLASS = 67;

    /** xcb_connection_t *xcb_connect_to_display_with_auth_info(const char *display, xcb_auth_info_t *auth, int *screen); */
    static final MethodHandle CONNECT_WITH_AUTH = fn("xcb_connect_to_display_with_auth_info",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /** void xcb_disconnect(xcb_connection_t *c); */
    static final MethodHandle DISCONNECT = fn("xcb_disconnect", FunctionDescriptor.ofVoid(ADDRESS));
    /** int xcb_connection_has_error(xcb_connection_t *c); */
    static final MethodHandle CONNECTION_HAS_ERROR = fn("xcb_connection_has_error",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** const xcb_setup_t *xcb_get_setup(xcb_connection_t *c); */
    static final MethodHandle GET_SETUP = fn("xcb_get_setup", FunctionDescriptor.of(ADDRESS, ADDRESS));
    /** xcb_screen_iterator_t xcb_setup_roots_iterator(const xcb_setup_t *R); */
    static final MethodHandle SETUP_ROOTS_ITERATOR = fn("xcb_setup_roots_iterator",
            FunctionDescriptor.of(ITERATOR_T, ADDRESS));
    /** int xcb_flush(xcb_connection_t *c); */
    static final MethodHandle FLUSH = fn("xcb_flush", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** uint32_t xcb_generate_id(xcb_connection_t *c); */
    static final MethodHandle GENERATE_ID = fn("xcb_generate_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** uint32_t xcb_get_maximum_request_length(xcb_connection_t *c); (in 4-byte units) */
    static final MethodHandle GET_MAXIMUM_REQUEST_LENGTH = fn("xcb_get_maximum_request_length",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** xcb_generic_error_t *xcb_request_check(xcb_connection_t *c, xcb_void_cookie_t cookie); */
    static final MethodHandle REQUEST_CHECK = fn("xcb_request_check",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
    /** xcb_get_input_focus_cookie_t xcb_get_input_focus(xcb_connection_t *c); (the cheapest round trip) */
    static final MethodHandle GET_INPUT_FOCUS = fn("xcb_get_input_focus", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** xcb_get_input_focus_reply_t *xcb_get_input_focus_reply(xcb_connection_t *c, cookie, xcb_generic_error_t **e); */
    static final MethodHandle GET_INPUT_FOCUS_REPLY = fn("xcb_get_input_focus_reply",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_create_gc_checked(c, xcb_gcontext_t cid, xcb_drawable_t drawable, uint32_t value_mask, const void *value_list); */
    static final MethodHandle CREATE_GC_CHECKED = fn("xcb_create_gc_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_change_gc(c, xcb_gcontext_t gc, uint32_t value_mask, const void *value_list); */
    static final MethodHandle CHANGE_GC = fn("xcb_change_gc",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_free_gc(c, xcb_gcontext_t gc); */
    static final MethodHandle FREE_GC = fn("xcb_free_gc", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_poly_fill_rectangle(c, drawable, gc, uint32_t rectangles_len, const xcb_rectangle_t *rectangles); */
    static final MethodHandle POLY_FILL_RECTANGLE = fn("xcb_poly_fill_rectangle",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    /**
     * xcb_void_cookie_t xcb_put_image(c, uint8_t format, drawable, gc, uint16_t width, uint16_t height,
     * int16_t dst_x, int16_t dst_y, uint8_t left_pad, uint8_t depth, uint32_t data_len, const uint8_t *data);
     */
    static final MethodHandle PUT_IMAGE = fn("xcb_put_image",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT,
                    JAVA_SHORT, JAVA_SHORT, JAVA_BYTE, JAVA_BYTE, JAVA_INT, ADDRESS));
    /**
     * xcb_void_cookie_t xcb_warp_pointer(c, xcb_window_t src_window, xcb_window_t dst_window, int16_t src_x,
     * int16_t src_y, uint16_t src_width, uint16_t src_height, int16_t dst_x, int16_t dst_y);
     */
    static final MethodHandle WARP_POINTER = fn("xcb_warp_pointer",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT,
                    JAVA_SHORT, JAVA_SHORT, JAVA_SHORT));
    /** xcb_void_cookie_t xcb_open_font(c, xcb_font_t fid, uint16_t name_len, const char *name); */
    static final MethodHandle OPEN_FONT = fn("xcb_open_font",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_SHORT, ADDRESS));
    /** xcb_void_cookie_t xcb_close_font(c, xcb_font_t font); */
    static final MethodHandle CLOSE_FONT = fn("xcb_close_font", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /**
     * xcb_void_cookie_t xcb_create_glyph_cursor(c, xcb_cursor_t cid, xcb_font_t source_font, xcb_font_t mask_font,
     * uint16_t source_char, uint16_t mask_char, uint16_t fore_red, uint16_t fore_green, uint16_t fore_blue,
     * uint16_t back_red, uint16_t back_green, uint16_t back_blue);
     */
    static final MethodHandle CREATE_GLYPH_CURSOR = fn("xcb_create_glyph_cursor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT,
                    JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT));
    /** xcb_void_cookie_t xcb_free_cursor(c, xcb_cursor_t cursor); */
    static final MethodHandle FREE_CURSOR = fn("xcb_free_cursor", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_change_window_attributes(c, xcb_window_t window, uint32_t value_mask, const void *value_list); */
    static final MethodHandle CHANGE_WINDOW_ATTRIBUTES = fn("xcb_change_window_attributes",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    /** xcb_void_cookie_t xcb_clear_area(c, uint8_t exposures, xcb_window_t window, int16_t x, int16_t y, uint16_t width, uint16_t height); */
    static final MethodHandle CLEAR_AREA = fn("xcb_clear_area",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT,
                    JAVA_SHORT));
    /** xcb_void_cookie_t xcb_grab_server(xcb_connection_t *c); */
    static final MethodHandle GRAB_SERVER = fn("xcb_grab_server", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_ungrab_server(xcb_connection_t *c); */
    static final MethodHandle UNGRAB_SERVER = fn("xcb_ungrab_server", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    // ---- windows (TestWindow) --------------------------------------------------------------------------------

    static final int CW_BORDER_PIXEL = 0x8;
    static final int EVENT_MASK_STRUCTURE_NOTIFY = 0x20000;
    static final int ATOM_CARDINAL = 6;

    /**
     * xcb_void_cookie_t xcb_create_window_checked(c, uint8_t depth, xcb_window_t wid, xcb_window_t parent,
     * int16_t x, int16_t y, uint16_t width, uint16_t height, uint16_t border_width, uint16_t _class,
     * xcb_visualid_t visual, uint32_t value_mask, const void *value_list);
     */
    static final MethodHandle CREATE_WINDOW_CHECKED = fn("xcb_create_window_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT,
                    JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_SHORT, JAVA_INT, JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_map_window(xcb_connection_t *c, xcb_window_t window); */
    static final MethodHandle MAP_WINDOW = fn("xcb_map_window", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_unmap_window(xcb_connection_t *c, xcb_window_t window); */
    static final MethodHandle UNMAP_WINDOW = fn("xcb_unmap_window",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_destroy_window(xcb_connection_t *c, xcb_window_t window); */
    static final MethodHandle DESTROY_WINDOW = fn("xcb_destroy_window",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_configure_window(c, xcb_window_t window, uint16_t value_mask, const void *value_list); */
    static final MethodHandle CONFIGURE_WINDOW = fn("xcb_configure_window",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_SHORT, ADDRESS));
    /**
     * xcb_void_cookie_t xcb_change_property(c, uint8_t mode, xcb_window_t window, xcb_atom_t property,
     * xcb_atom_t type, uint8_t format, uint32_t data_len, const void *data);
     */
    static final MethodHandle CHANGE_PROPERTY = fn("xcb_change_property",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT,
                    ADDRESS));
    /** xcb_intern_atom_cookie_t xcb_intern_atom(c, uint8_t only_if_exists, uint16_t name_len, const char *name); */
    static final MethodHandle INTERN_ATOM = fn("xcb_intern_atom",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_SHORT, ADDRESS));
    /** xcb_intern_atom_reply_t *xcb_intern_atom_reply(c, cookie, xcb_generic_error_t **e); (atom at offset 8) */
    static final MethodHandle INTERN_ATOM_REPLY = fn("xcb_intern_atom_reply",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
    static final long INTERN_ATOM_ATOM = 8;
    /** xcb_get_atom_name_cookie_t xcb_get_atom_name(xcb_connection_t *c, xcb_atom_t atom); */
    static final MethodHandle GET_ATOM_NAME = fn("xcb_get_atom_name",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_get_atom_name_reply_t *xcb_get_atom_name_reply(c, cookie, e); (name_len u16 at 8, the name at 32) */
    static final MethodHandle GET_ATOM_NAME_REPLY = fn("xcb_get_atom_name_reply",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS));
    static final long ATOM_NAME_LEN = 8;
    static final long ATOM_NAME_CHARS = 32;

    /** The atom of {@code name} (made when new). */
    static int atom(MemorySegment c, String name) {
        try (Arena temp = Arena.ofConfined()) {
            byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            int cookie = (int) INTERN_ATOM.invokeExact(c, (byte) 0, (short) bytes.length,
                    temp.allocateFrom(JAVA_BYTE, bytes));
            long reply = (long) INTERN_ATOM_REPLY.invokeExact(c, cookie, MemorySegment.NULL);
            if (reply == 0) {
                throw new IllegalStateException("InternAtom(" + name + ") failed");
            }
            int atom = MemorySegment.ofAddress(reply).reinterpret(12).get(JAVA_INT, INTERN_ATOM_ATOM);
            Libc.free(reply);
            return atom;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The name of {@code atom}. */
    static String atomName(MemorySegment c, int atom) {
        try {
            int cookie = (int) GET_ATOM_NAME.invokeExact(c, atom);
            long reply = (long) GET_ATOM_NAME_REPLY.invokeExact(c, cookie, MemorySegment.NULL);
            if (reply == 0) {
                throw new IllegalStateException("GetAtomName(" + atom + ") failed");
            }
            MemorySegment r = MemorySegment.ofAddress(reply).reinterpret(ATOM_NAME_CHARS + 0xFFFF);
            int length = Short.toUnsignedInt(r.get(JAVA_SHORT, ATOM_NAME_LEN));
            byte[] bytes = r.asSlice(ATOM_NAME_CHARS, length).toArray(JAVA_BYTE);
            Libc.free(reply);
            return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** A round trip: when it returns, the server has handled everything sent before. */
    static void sync(MemorySegment c) {
        try {
            int cookie = (int) GET_INPUT_FOCUS.invokeExact(c);
            long reply = (long) GET_INPUT_FOCUS_REPLY.invokeExact(c, cookie, MemorySegment.NULL);
            if (reply == 0) {
                throw new IllegalStateException("the X server connection is gone (GetInputFocus got no reply)");
            }
            Libc.free(reply);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The first screen of a connection: root, width, height, depth, root visual. */
    record Screen(int root, int width, int height, int depth, int rootVisual) {
    }

    static Screen screen(MemorySegment c, Arena arena) {
        try {
            MemorySegment setup = (MemorySegment) GET_SETUP.invokeExact(c);
            MemorySegment it = (MemorySegment) SETUP_ROOTS_ITERATOR.invokeExact((SegmentAllocator) arena, setup);
            MemorySegment s = it.get(ADDRESS, ITERATOR_DATA).reinterpret(SCREEN_T.byteSize());
            return new Screen(s.get(JAVA_INT, SCREEN_ROOT), Short.toUnsignedInt(s.get(JAVA_SHORT, SCREEN_WIDTH)),
                    Short.toUnsignedInt(s.get(JAVA_SHORT, SCREEN_HEIGHT)),
                    Byte.toUnsignedInt(s.get(JAVA_BYTE, SCREEN_ROOT_DEPTH)), s.get(JAVA_INT, SCREEN_ROOT_VISUAL));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** free(3), for replies. */
    static final class Libc {
        private static final MethodHandle FREE = LINKER.downcallHandle(
                LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(JAVA_LONG));

        private Libc() {
        }

        static void free(long pointer) {
            try {
                FREE.invokeExact(pointer);
            } catch (Throwable t) {
                throw rethrow(t);
            }
        }
    }
}
