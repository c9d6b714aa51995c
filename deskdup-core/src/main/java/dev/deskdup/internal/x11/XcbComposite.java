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
 * libxcb-composite (composite.h): the Composite extension, which keeps a redirected window's contents in a pixmap
 * of its own (window capture reads that pixmap). Cookies are {@code JAVA_INT} and reply pointers
 * {@code JAVA_LONG}; see {@link Xcb} for why.
 */
public final class XcbComposite {

    private XcbComposite() {
    }

    /** The library; optional: without it window capture is off. */
    static final NativeLibrary LIB = NativeLibrary.optional("apt-get install libxcb-composite0 / dnf install libxcb",
            "libxcb-composite.so.0", "libxcb-composite.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** extern xcb_extension_t xcb_composite_id; */
    public static final MemorySegment EXTENSION_ID = LIB.symbol("xcb_composite_id");

    /** XCB_COMPOSITE_REDIRECT_AUTOMATIC: the server keeps drawing the window on screen itself. */
    public static final byte REDIRECT_AUTOMATIC = 0;

    /** xcb_composite_query_version_reply_t */
    public static final StructLayout QUERY_VERSION_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("major_version"), JAVA_INT.withName("minor_version"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("pad1"));
    public static final long VERSION_MAJOR = QUERY_VERSION_REPLY_T.byteOffset(groupElement("major_version"));
    public static final long VERSION_MINOR = QUERY_VERSION_REPLY_T.byteOffset(groupElement("minor_version"));

    /** xcb_composite_query_version_cookie_t xcb_composite_query_version(c, uint32_t client_major_version, uint32_t client_minor_version); */
    public static final MethodHandle QUERY_VERSION = fn("xcb_composite_query_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    /** xcb_void_cookie_t xcb_composite_redirect_window_checked(c, xcb_window_t window, uint8_t update); */
    public static final MethodHandle REDIRECT_WINDOW_CHECKED = fn("xcb_composite_redirect_window_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_BYTE));
    /** xcb_void_cookie_t xcb_composite_unredirect_window(c, xcb_window_t window, uint8_t update); */
    public static final MethodHandle UNREDIRECT_WINDOW = fn("xcb_composite_unredirect_window",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_BYTE));
    /** xcb_void_cookie_t xcb_composite_name_window_pixmap_checked(c, xcb_window_t window, xcb_pixmap_t pixmap); */
    public static final MethodHandle NAME_WINDOW_PIXMAP_CHECKED = fn("xcb_composite_name_window_pixmap_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
}
