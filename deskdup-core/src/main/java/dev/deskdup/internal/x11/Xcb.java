package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * libxcb (xcb.h, xproto.h): the connection, the setup, errors, and the few core requests deskdup uses.
 *
 * <p>ABI notes, relied on to keep the frame path allocation-free: a cookie ({@code struct { unsigned int
 * sequence; }}) is passed and returned exactly like an {@code unsigned int} on the SysV x86-64 and AArch64 ABIs, so
 * cookies are {@code JAVA_INT}; pointers returned on the frame path (replies, errors) are declared {@code JAVA_LONG}
 * (same register class, 64-bit Linux only) so that no {@code MemorySegment} is created per call.
 *
 * <p>Replies are never waited for with the blocking typed {@code xcb_*_reply} functions (a frozen server would hold
 * the caller forever): {@link X11Replies} polls for them with {@code xcb_poll_for_reply}.
 */
public final class Xcb {

    private Xcb() {
    }

    /** The library; capture needs it. */
    static final NativeLibrary LIB = NativeLibrary.required("apt-get install libxcb1 / dnf install libxcb", "libxcb.so.1", "libxcb.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    // ---- layouts ------------------------------------------------------------------------------------------------

    /** xcb_generic_error_t */
    public static final StructLayout GENERIC_ERROR_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("error_code"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("resource_id"), JAVA_SHORT.withName("minor_code"), JAVA_BYTE.withName("major_code"),
            JAVA_BYTE.withName("pad0"), MemoryLayout.sequenceLayout(5, JAVA_INT).withName("pad"),
            JAVA_INT.withName("full_sequence"));
    public static final long ERROR_CODE = GENERIC_ERROR_T.byteOffset(groupElement("error_code"));
    public static final long ERROR_RESOURCE_ID = GENERIC_ERROR_T.byteOffset(groupElement("resource_id"));
    public static final long ERROR_MINOR_CODE = GENERIC_ERROR_T.byteOffset(groupElement("minor_code"));
    public static final long ERROR_MAJOR_CODE = GENERIC_ERROR_T.byteOffset(groupElement("major_code"));

    /** xcb_screen_t */
    public static final StructLayout SCREEN_T = MemoryLayout.structLayout(
            JAVA_INT.withName("root"), JAVA_INT.withName("default_colormap"), JAVA_INT.withName("white_pixel"),
            JAVA_INT.withName("black_pixel"), JAVA_INT.withName("current_input_masks"),
            JAVA_SHORT.withName("width_in_pixels"), JAVA_SHORT.withName("height_in_pixels"),
            JAVA_SHORT.withName("width_in_millimeters"), JAVA_SHORT.withName("height_in_millimeters"),
            JAVA_SHORT.withName("min_installed_maps"), JAVA_SHORT.withName("max_installed_maps"),
            JAVA_INT.withName("root_visual"), JAVA_BYTE.withName("backing_stores"), JAVA_BYTE.withName("save_unders"),
            JAVA_BYTE.withName("root_depth"), JAVA_BYTE.withName("allowed_depths_len"));
    public static final long SCREEN_ROOT = SCREEN_T.byteOffset(groupElement("root"));
    public static final long SCREEN_WIDTH = SCREEN_T.byteOffset(groupElement("width_in_pixels"));
    public static final long SCREEN_HEIGHT = SCREEN_T.byteOffset(groupElement("height_in_pixels"));
    public static final long SCREEN_ROOT_VISUAL = SCREEN_T.byteOffset(groupElement("root_visual"));
    public static final long SCREEN_ROOT_DEPTH = SCREEN_T.byteOffset(groupElement("root_depth"));

    /** xcb_screen_iterator_t, xcb_depth_iterator_t: { data*, int rem, int index } */
    public static final StructLayout ITERATOR_T = MemoryLayout.structLayout(
            ADDRESS.withName("data"), JAVA_INT.withName("rem"), JAVA_INT.withName("index"));
    public static final long ITERATOR_DATA = ITERATOR_T.byteOffset(groupElement("data"));
    public static final long ITERATOR_REM = ITERATOR_T.byteOffset(groupElement("rem"));

    /** xcb_depth_t */
    public static final StructLayout DEPTH_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("depth"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("visuals_len"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("pad1"));
    public static final long DEPTH_DEPTH = DEPTH_T.byteOffset(groupElement("depth"));

    /** xcb_visualtype_t */
    public static final StructLayout VISUALTYPE_T = MemoryLayout.structLayout(
            JAVA_INT.withName("visual_id"), JAVA_BYTE.withName("_class"), JAVA_BYTE.withName("bits_per_rgb_value"),
            JAVA_SHORT.withName("colormap_entries"), JAVA_INT.withName("red_mask"), JAVA_INT.withName("green_mask"),
            JAVA_INT.withName("blue_mask"), MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("pad0"));
    public static final long VISUAL_ID = VISUALTYPE_T.byteOffset(groupElement("visual_id"));
    public static final long VISUAL_CLASS = VISUALTYPE_T.byteOffset(groupElement("_class"));
    public static final long VISUAL_RED_MASK = VISUALTYPE_T.byteOffset(groupElement("red_mask"));
    public static final long VISUAL_GREEN_MASK = VISUALTYPE_T.byteOffset(groupElement("green_mask"));
    public static final long VISUAL_BLUE_MASK = VISUALTYPE_T.byteOffset(groupElement("blue_mask"));

    /** xcb_format_t (a pixmap format of the setup) */
    public static final StructLayout FORMAT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("depth"), JAVA_BYTE.withName("bits_per_pixel"), JAVA_BYTE.withName("scanline_pad"),
            MemoryLayout.sequenceLayout(5, JAVA_BYTE).withName("pad0"));
    public static final long FORMAT_DEPTH = FORMAT_T.byteOffset(groupElement("depth"));
    public static final long FORMAT_BPP = FORMAT_T.byteOffset(groupElement("bits_per_pixel"));

    /** xcb_query_extension_reply_t */
    public static final StructLayout QUERY_EXTENSION_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_BYTE.withName("present"), JAVA_BYTE.withName("major_opcode"),
            JAVA_BYTE.withName("first_event"), JAVA_BYTE.withName("first_error"));
    public static final long EXT_PRESENT = QUERY_EXTENSION_REPLY_T.byteOffset(groupElement("present"));
    public static final long EXT_MAJOR_OPCODE = QUERY_EXTENSION_REPLY_T.byteOffset(groupElement("major_opcode"));
    public static final long EXT_FIRST_EVENT = QUERY_EXTENSION_REPLY_T.byteOffset(groupElement("first_event"));
    public static final long EXT_FIRST_ERROR = QUERY_EXTENSION_REPLY_T.byteOffset(groupElement("first_error"));

    /** xcb_rectangle_t */
    public static final StructLayout RECTANGLE_T = MemoryLayout.structLayout(
            JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"), JAVA_SHORT.withName("width"),
            JAVA_SHORT.withName("height"));
    public static final long RECT_X = RECTANGLE_T.byteOffset(groupElement("x"));
    public static final long RECT_Y = RECTANGLE_T.byteOffset(groupElement("y"));
    public static final long RECT_WIDTH = RECTANGLE_T.byteOffset(groupElement("width"));
    public static final long RECT_HEIGHT = RECTANGLE_T.byteOffset(groupElement("height"));

    /** xcb_generic_event_t (32 bytes on the wire, then full_sequence) */
    public static final StructLayout GENERIC_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            MemoryLayout.sequenceLayout(7, JAVA_INT).withName("pad"), JAVA_INT.withName("full_sequence"));
    public static final long EVENT_RESPONSE_TYPE = GENERIC_EVENT_T.byteOffset(groupElement("response_type"));

    /** xcb_configure_notify_event_t */
    public static final StructLayout CONFIGURE_NOTIFY_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("event"), JAVA_INT.withName("window"), JAVA_INT.withName("above_sibling"),
            JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"), JAVA_SHORT.withName("width"),
            JAVA_SHORT.withName("height"), JAVA_SHORT.withName("border_width"), JAVA_BYTE.withName("override_redirect"),
            JAVA_BYTE.withName("pad1"));
    public static final long CONFIGURE_WINDOW = CONFIGURE_NOTIFY_EVENT_T.byteOffset(groupElement("window"));
    public static final long CONFIGURE_WIDTH = CONFIGURE_NOTIFY_EVENT_T.byteOffset(groupElement("width"));
    public static final long CONFIGURE_HEIGHT = CONFIGURE_NOTIFY_EVENT_T.byteOffset(groupElement("height"));

    /** xcb_query_pointer_reply_t */
    public static final StructLayout QUERY_POINTER_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("same_screen"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("root"), JAVA_INT.withName("child"),
            JAVA_SHORT.withName("root_x"), JAVA_SHORT.withName("root_y"), JAVA_SHORT.withName("win_x"),
            JAVA_SHORT.withName("win_y"), JAVA_SHORT.withName("mask"), JAVA_SHORT.withName("pad0"));
    public static final long POINTER_SAME_SCREEN = QUERY_POINTER_REPLY_T.byteOffset(groupElement("same_screen"));
    public static final long POINTER_ROOT_X = QUERY_POINTER_REPLY_T.byteOffset(groupElement("root_x"));
    public static final long POINTER_ROOT_Y = QUERY_POINTER_REPLY_T.byteOffset(groupElement("root_y"));
    public static final long POINTER_WIN_X = QUERY_POINTER_REPLY_T.byteOffset(groupElement("win_x"));
    public static final long POINTER_WIN_Y = QUERY_POINTER_REPLY_T.byteOffset(groupElement("win_y"));

    /** xcb_get_atom_name_reply_t; name_len chars follow it. */
    public static final StructLayout GET_ATOM_NAME_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_SHORT.withName("name_len"),
            MemoryLayout.sequenceLayout(22, JAVA_BYTE).withName("pad1"));
    public static final long ATOM_NAME_LENGTH = GET_ATOM_NAME_REPLY_T.byteOffset(groupElement("name_len"));
    public static final long ATOM_NAME_CHARS = GET_ATOM_NAME_REPLY_T.byteSize();

    public static final int VISUAL_CLASS_TRUE_COLOR = 4;
    public static final byte IMAGE_FORMAT_Z_PIXMAP = 2;

    // ---- connection ---------------------------------------------------------------------------------------------

    /** xcb_connection_t *xcb_connect(const char *displayname, int *screenp); */
    public static final MethodHandle CONNECT = fn("xcb_connect", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    /** xcb_auth_info_t { int namelen; char *name; int datalen; char *data; } */
    public static final StructLayout AUTH_INFO_T = MemoryLayout.structLayout(
            JAVA_INT.withName("namelen"), MemoryLayout.paddingLayout(4), ADDRESS.withName("name"),
            JAVA_INT.withName("datalen"), MemoryLayout.paddingLayout(4), ADDRESS.withName("data"));
    public static final long AUTH_NAMELEN = AUTH_INFO_T.byteOffset(groupElement("namelen"));
    public static final long AUTH_NAME = AUTH_INFO_T.byteOffset(groupElement("name"));
    public static final long AUTH_DATALEN = AUTH_INFO_T.byteOffset(groupElement("datalen"));
    public static final long AUTH_DATA = AUTH_INFO_T.byteOffset(groupElement("data"));

    /** xcb_connection_t *xcb_connect_to_display_with_auth_info(const char *display, xcb_auth_info_t *auth, int *screen); */
    public static final MethodHandle CONNECT_WITH_AUTH = fn("xcb_connect_to_display_with_auth_info",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /** void xcb_disconnect(xcb_connection_t *c); */
    public static final MethodHandle DISCONNECT = fn("xcb_disconnect", FunctionDescriptor.ofVoid(ADDRESS));
    /** int xcb_connection_has_error(xcb_connection_t *c); */
    public static final MethodHandle CONNECTION_HAS_ERROR = fn("xcb_connection_has_error",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** int xcb_get_file_descriptor(xcb_connection_t *c); */
    public static final MethodHandle GET_FILE_DESCRIPTOR = fn("xcb_get_file_descriptor",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** int xcb_flush(xcb_connection_t *c); */
    public static final MethodHandle FLUSH = fn("xcb_flush", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** uint32_t xcb_generate_id(xcb_connection_t *c); */
    public static final MethodHandle GENERATE_ID = fn("xcb_generate_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** xcb_generic_error_t *xcb_request_check(xcb_connection_t *c, xcb_void_cookie_t cookie); */
    public static final MethodHandle REQUEST_CHECK = fn("xcb_request_check",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT));
    /**
     * int xcb_poll_for_reply(xcb_connection_t *c, unsigned int request, void **reply, xcb_generic_error_t **error);
     * 1 when the request's outcome is known (its reply, its error, neither for a void request, or the connection
     * broke), 0 when it is not yet; reads the socket without blocking.
     */
    public static final MethodHandle POLL_FOR_REPLY = fn("xcb_poll_for_reply",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));
    /** void xcb_discard_reply(xcb_connection_t *c, unsigned int sequence); (its reply is freed when it comes) */
    public static final MethodHandle DISCARD_REPLY = fn("xcb_discard_reply",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    /** xcb_generic_event_t *xcb_poll_for_queued_event(xcb_connection_t *c); (what xcb has read already; no read) */
    public static final MethodHandle POLL_FOR_QUEUED_EVENT = fn("xcb_poll_for_queued_event",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    /** xcb_generic_event_t *xcb_poll_for_event(xcb_connection_t *c); */
    public static final MethodHandle POLL_FOR_EVENT = fn("xcb_poll_for_event",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));

    // ---- setup --------------------------------------------------------------------------------------------------

    /** const xcb_setup_t *xcb_get_setup(xcb_connection_t *c); */
    public static final MethodHandle GET_SETUP = fn("xcb_get_setup", FunctionDescriptor.of(ADDRESS, ADDRESS));
    /** xcb_screen_iterator_t xcb_setup_roots_iterator(const xcb_setup_t *R); */
    public static final MethodHandle SETUP_ROOTS_ITERATOR = fn("xcb_setup_roots_iterator",
            FunctionDescriptor.of(ITERATOR_T, ADDRESS));
    /** void xcb_screen_next(xcb_screen_iterator_t *i); */
    public static final MethodHandle SCREEN_NEXT = fn("xcb_screen_next", FunctionDescriptor.ofVoid(ADDRESS));
    /** xcb_format_t *xcb_setup_pixmap_formats(const xcb_setup_t *R); */
    public static final MethodHandle SETUP_PIXMAP_FORMATS = fn("xcb_setup_pixmap_formats",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    /** int xcb_setup_pixmap_formats_length(const xcb_setup_t *R); */
    public static final MethodHandle SETUP_PIXMAP_FORMATS_LENGTH = fn("xcb_setup_pixmap_formats_length",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** xcb_depth_iterator_t xcb_screen_allowed_depths_iterator(const xcb_screen_t *R); */
    public static final MethodHandle SCREEN_ALLOWED_DEPTHS_ITERATOR = fn("xcb_screen_allowed_depths_iterator",
            FunctionDescriptor.of(ITERATOR_T, ADDRESS));
    /** void xcb_depth_next(xcb_depth_iterator_t *i); */
    public static final MethodHandle DEPTH_NEXT = fn("xcb_depth_next", FunctionDescriptor.ofVoid(ADDRESS));
    /** xcb_visualtype_t *xcb_depth_visuals(const xcb_depth_t *R); */
    public static final MethodHandle DEPTH_VISUALS = fn("xcb_depth_visuals", FunctionDescriptor.of(ADDRESS, ADDRESS));
    /** int xcb_depth_visuals_length(const xcb_depth_t *R); */
    public static final MethodHandle DEPTH_VISUALS_LENGTH = fn("xcb_depth_visuals_length",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    // ---- extensions ---------------------------------------------------------------------------------------------

    /** const xcb_query_extension_reply_t *xcb_get_extension_data(xcb_connection_t *c, xcb_extension_t *ext); */
    public static final MethodHandle GET_EXTENSION_DATA = fn("xcb_get_extension_data",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));

    // ---- core requests ----------------------------------------------------------------------------------------

    /** xcb_get_input_focus_cookie_t xcb_get_input_focus(xcb_connection_t *c); (the cheapest round trip) */
    public static final MethodHandle GET_INPUT_FOCUS = fn("xcb_get_input_focus", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** xcb_query_pointer_cookie_t xcb_query_pointer(xcb_connection_t *c, xcb_window_t window); */
    public static final MethodHandle QUERY_POINTER = fn("xcb_query_pointer",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_get_atom_name_cookie_t xcb_get_atom_name(xcb_connection_t *c, xcb_atom_t atom); */
    public static final MethodHandle GET_ATOM_NAME = fn("xcb_get_atom_name",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    /** xcb_void_cookie_t xcb_change_window_attributes_checked(c, xcb_window_t window, uint32_t value_mask, const void *value_list); */
    public static final MethodHandle CHANGE_WINDOW_ATTRIBUTES_CHECKED = fn("xcb_change_window_attributes_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    public static final int CW_EVENT_MASK = 0x800;
    public static final int EVENT_MASK_STRUCTURE_NOTIFY = 0x20000;
    /** XCB_CONFIGURE_NOTIFY */
    public static final int CONFIGURE_NOTIFY = 22;


    /** The name of a core X error code, for messages. */
    public static String errorName(int code) {
        return switch (code) {
            case 1 -> "BadRequest";
            case 2 -> "BadValue";
            case 3 -> "BadWindow";
            case 4 -> "BadPixmap";
            case 5 -> "BadAtom";
            case 6 -> "BadCursor";
            case 7 -> "BadFont";
            case 8 -> "BadMatch";
            case 9 -> "BadDrawable";
            case 10 -> "BadAccess";
            case 11 -> "BadAlloc";
            case 12 -> "BadColor";
            case 13 -> "BadGC";
            case 14 -> "BadIDChoice";
            case 15 -> "BadName";
            case 16 -> "BadLength";
            case 17 -> "BadImplementation";
            default -> "extension error " + code;
        };
    }

    /** What {@code xcb_connection_has_error} returns, for messages. */
    public static String connectionErrorName(int code) {
        return switch (code) {
            case 1 -> "XCB_CONN_ERROR (socket, pipe or stream error: the X server went away?)";
            case 2 -> "XCB_CONN_CLOSED_EXT_NOTSUPPORTED";
            case 3 -> "XCB_CONN_CLOSED_MEM_INSUFFICIENT";
            case 4 -> "XCB_CONN_CLOSED_REQ_LEN_EXCEED";
            case 5 -> "XCB_CONN_CLOSED_PARSE_ERR (bad display name?)";
            case 6 -> "XCB_CONN_CLOSED_INVALID_SCREEN";
            case 7 -> "XCB_CONN_CLOSED_FDPASSING_FAILED";
            default -> "code " + code;
        };
    }

    /** Reads an unsigned byte. */
    static int u8(MemorySegment s, long offset) {
        return Byte.toUnsignedInt(s.get(JAVA_BYTE, offset));
    }

    /** Reads an unsigned 16-bit value. */
    static int u16(MemorySegment s, long offset) {
        return Short.toUnsignedInt(s.get(JAVA_SHORT, offset));
    }
}
