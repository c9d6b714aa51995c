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
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libxcb-xfixes (xfixes.h): the XFIXES extension. Cookies are {@code JAVA_INT} and reply pointers
 * {@code JAVA_LONG}; see {@link Xcb} for why.
 */
public final class XcbXfixes {

    private XcbXfixes() {
    }

    /** The library; optional: without it the feature is off. */
    static final NativeLibrary LIB = NativeLibrary.optional("apt-get install libxcb-xfixes0 / dnf install libxcb", "libxcb-xfixes.so.0", "libxcb-xfixes.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** extern xcb_extension_t xcb_xfixes_id; */
    public static final MemorySegment EXTENSION_ID = LIB.symbol("xcb_xfixes_id");

    /** xcb_xfixes_query_version_cookie_t xcb_xfixes_query_version(c, uint32_t client_major, uint32_t client_minor); */
    public static final MethodHandle QUERY_VERSION = fn("xcb_xfixes_query_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /** XCB_XFIXES_CURSOR_NOTIFY, relative to the extension's first event. */
    public static final int CURSOR_NOTIFY = 1;
    /** XCB_XFIXES_CURSOR_NOTIFY_MASK_DISPLAY_CURSOR */
    public static final int CURSOR_NOTIFY_MASK_DISPLAY_CURSOR = 1;

    /** xcb_xfixes_fetch_region_reply_t; the xcb_rectangle_t array follows it. */
    public static final StructLayout FETCH_REGION_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), Xcb.RECTANGLE_T.withName("extents"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("pad1"));
    /** Reply length in 4-byte units past the 32-byte header: two per rectangle. */
    public static final long FETCH_REGION_LENGTH = FETCH_REGION_REPLY_T.byteOffset(groupElement("length"));
    public static final long FETCH_REGION_RECTANGLES = FETCH_REGION_REPLY_T.byteSize();

    /** xcb_xfixes_cursor_notify_event_t */
    public static final StructLayout CURSOR_NOTIFY_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("subtype"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("window"), JAVA_INT.withName("cursor_serial"), JAVA_INT.withName("timestamp"),
            JAVA_INT.withName("name"), MemoryLayout.sequenceLayout(12, JAVA_BYTE).withName("pad0"));
    public static final long CURSOR_NOTIFY_SERIAL = CURSOR_NOTIFY_EVENT_T.byteOffset(groupElement("cursor_serial"));

    /** xcb_xfixes_get_cursor_image_reply_t; width*height uint32 ARGB (premultiplied) pixels follow it. */
    public static final StructLayout GET_CURSOR_IMAGE_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"),
            JAVA_SHORT.withName("width"), JAVA_SHORT.withName("height"), JAVA_SHORT.withName("xhot"),
            JAVA_SHORT.withName("yhot"), JAVA_INT.withName("cursor_serial"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("pad1"));
    public static final long CURSOR_IMAGE_X = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("x"));
    public static final long CURSOR_IMAGE_Y = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("y"));
    public static final long CURSOR_IMAGE_WIDTH = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("width"));
    public static final long CURSOR_IMAGE_HEIGHT = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("height"));
    public static final long CURSOR_IMAGE_XHOT = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("xhot"));
    public static final long CURSOR_IMAGE_YHOT = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("yhot"));
    public static final long CURSOR_IMAGE_SERIAL = GET_CURSOR_IMAGE_REPLY_T.byteOffset(groupElement("cursor_serial"));
    public static final long CURSOR_IMAGE_PIXELS = GET_CURSOR_IMAGE_REPLY_T.byteSize();

    /** xcb_void_cookie_t xcb_xfixes_create_region_checked(c, xcb_xfixes_region_t region, uint32_t rectangles_len, const xcb_rectangle_t *rectangles); */
    public static final MethodHandle CREATE_REGION_CHECKED = fn("xcb_xfixes_create_region_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    /** xcb_void_cookie_t xcb_xfixes_destroy_region(c, xcb_xfixes_region_t region); */
    public static final MethodHandle DESTROY_REGION = fn("xcb_xfixes_destroy_region",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_xfixes_fetch_region_cookie_t xcb_xfixes_fetch_region(c, xcb_xfixes_region_t region); */
    public static final MethodHandle FETCH_REGION = fn("xcb_xfixes_fetch_region",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_xfixes_select_cursor_input_checked(c, xcb_window_t window, uint32_t event_mask); */
    public static final MethodHandle SELECT_CURSOR_INPUT_CHECKED = fn("xcb_xfixes_select_cursor_input_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** xcb_xfixes_get_cursor_image_cookie_t xcb_xfixes_get_cursor_image(xcb_connection_t *c); */
    public static final MethodHandle GET_CURSOR_IMAGE = fn("xcb_xfixes_get_cursor_image",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
}
