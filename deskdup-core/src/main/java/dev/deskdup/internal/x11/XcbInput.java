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
 * libxcb-xinput (xinput.h): XInput 2, for pointer motion events (a pointer moving over an idle screen changes no
 * pixel, so DAMAGE says nothing). Cookies are {@code JAVA_INT} and reply pointers {@code JAVA_LONG}; see
 * {@link Xcb} for why.
 */
public final class XcbInput {

    private XcbInput() {
    }

    /** The library; optional: without it pointer-only motion makes no frame. */
    static final NativeLibrary LIB = NativeLibrary.optional("apt-get install libxcb-xinput0 / dnf install libxcb",
            "libxcb-xinput.so.0", "libxcb-xinput.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** extern xcb_extension_t xcb_input_id; */
    public static final MemorySegment EXTENSION_ID = LIB.symbol("xcb_input_id");

    /** XCB_INPUT_DEVICE_ALL_MASTER: the master pointer(s), one event per motion. */
    public static final short DEVICE_ALL_MASTER = 1;
    /** XCB_INPUT_MOTION: the XI2 event type of pointer motion. */
    public static final int MOTION = 6;
    /** XCB_INPUT_RAW_MOTION: device motion before any grab or window, delivered to root selections always. */
    public static final int RAW_MOTION = 17;
    /** XCB_INPUT_XI_EVENT_MASK_MOTION */
    public static final int XI_EVENT_MASK_MOTION = 1 << MOTION;
    /** XCB_INPUT_XI_EVENT_MASK_RAW_MOTION */
    public static final int XI_EVENT_MASK_RAW_MOTION = 1 << RAW_MOTION;

    /** xcb_input_xi_query_version_reply_t */
    public static final StructLayout XI_QUERY_VERSION_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_SHORT.withName("major_version"), JAVA_SHORT.withName("minor_version"),
            MemoryLayout.sequenceLayout(20, JAVA_BYTE).withName("pad1"));
    public static final long VERSION_MAJOR = XI_QUERY_VERSION_REPLY_T.byteOffset(groupElement("major_version"));
    public static final long VERSION_MINOR = XI_QUERY_VERSION_REPLY_T.byteOffset(groupElement("minor_version"));

    /** xcb_input_event_mask_t; mask_len uint32 mask words follow it. */
    public static final StructLayout EVENT_MASK_T = MemoryLayout.structLayout(
            JAVA_SHORT.withName("deviceid"), JAVA_SHORT.withName("mask_len"));
    public static final long EVENT_MASK_DEVICEID = EVENT_MASK_T.byteOffset(groupElement("deviceid"));
    public static final long EVENT_MASK_LEN = EVENT_MASK_T.byteOffset(groupElement("mask_len"));

    /** xcb_input_xi_query_version_cookie_t xcb_input_xi_query_version(c, uint16_t major_version, uint16_t minor_version); */
    public static final MethodHandle XI_QUERY_VERSION = fn("xcb_input_xi_query_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT, JAVA_SHORT));
    /** xcb_void_cookie_t xcb_input_xi_select_events_checked(c, xcb_window_t window, uint16_t num_mask, const xcb_input_event_mask_t *masks); */
    public static final MethodHandle XI_SELECT_EVENTS_CHECKED = fn("xcb_input_xi_select_events_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_SHORT, ADDRESS));
}
