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
 * libxcb-randr (randr.h): the RandR extension. Cookies are {@code JAVA_INT} and reply pointers
 * {@code JAVA_LONG}; see {@link Xcb} for why.
 */
public final class XcbRandr {

    private XcbRandr() {
    }

    /** The library; optional: without it the feature is off. */
    static final NativeLibrary LIB = NativeLibrary.optional("apt-get install libxcb-randr0 / dnf install libxcb", "libxcb-randr.so.0", "libxcb-randr.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** extern xcb_extension_t xcb_randr_id; */
    public static final MemorySegment EXTENSION_ID = LIB.symbol("xcb_randr_id");

    /** xcb_randr_query_version_cookie_t xcb_randr_query_version(c, uint32_t client_major, uint32_t client_minor); */
    public static final MethodHandle QUERY_VERSION = fn("xcb_randr_query_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /** XCB_RANDR_SCREEN_CHANGE_NOTIFY, relative to the extension's first event. */
    public static final int SCREEN_CHANGE_NOTIFY = 0;
    /** XCB_RANDR_NOTIFY, relative to the extension's first event (a crtc, output or property changed). */
    public static final int NOTIFY = 1;
    /** XCB_RANDR_NOTIFY_MASK_SCREEN_CHANGE */
    public static final short NOTIFY_MASK_SCREEN_CHANGE = 1;
    /** XCB_RANDR_NOTIFY_MASK_CRTC_CHANGE */
    public static final short NOTIFY_MASK_CRTC_CHANGE = 2;
    /** XCB_RANDR_NOTIFY_MASK_OUTPUT_CHANGE */
    public static final short NOTIFY_MASK_OUTPUT_CHANGE = 4;

    /** xcb_randr_screen_change_notify_event_t */
    public static final StructLayout SCREEN_CHANGE_NOTIFY_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("rotation"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("timestamp"), JAVA_INT.withName("config_timestamp"), JAVA_INT.withName("root"),
            JAVA_INT.withName("request_window"), JAVA_SHORT.withName("sizeID"), JAVA_SHORT.withName("subpixel_order"),
            JAVA_SHORT.withName("width"), JAVA_SHORT.withName("height"), JAVA_SHORT.withName("mwidth"),
            JAVA_SHORT.withName("mheight"));
    public static final long SCREEN_CHANGE_WIDTH = SCREEN_CHANGE_NOTIFY_EVENT_T.byteOffset(groupElement("width"));
    public static final long SCREEN_CHANGE_HEIGHT = SCREEN_CHANGE_NOTIFY_EVENT_T.byteOffset(groupElement("height"));

    /** xcb_randr_get_monitors_reply_t; nMonitors xcb_randr_monitor_info_t (each with its outputs) follow it. */
    public static final StructLayout GET_MONITORS_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("timestamp"), JAVA_INT.withName("nMonitors"),
            JAVA_INT.withName("nOutputs"), MemoryLayout.sequenceLayout(12, JAVA_BYTE).withName("pad1"));
    public static final long MONITORS_COUNT = GET_MONITORS_REPLY_T.byteOffset(groupElement("nMonitors"));

    /** xcb_randr_monitor_info_t; nOutput xcb_randr_output_t (uint32) follow it. */
    public static final StructLayout MONITOR_INFO_T = MemoryLayout.structLayout(
            JAVA_INT.withName("name"), JAVA_BYTE.withName("primary"), JAVA_BYTE.withName("automatic"),
            JAVA_SHORT.withName("nOutput"), JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"),
            JAVA_SHORT.withName("width"), JAVA_SHORT.withName("height"), JAVA_INT.withName("width_in_millimeters"),
            JAVA_INT.withName("height_in_millimeters"));
    public static final long MONITOR_NAME = MONITOR_INFO_T.byteOffset(groupElement("name"));
    public static final long MONITOR_PRIMARY = MONITOR_INFO_T.byteOffset(groupElement("primary"));
    public static final long MONITOR_OUTPUTS = MONITOR_INFO_T.byteOffset(groupElement("nOutput"));
    public static final long MONITOR_X = MONITOR_INFO_T.byteOffset(groupElement("x"));
    public static final long MONITOR_Y = MONITOR_INFO_T.byteOffset(groupElement("y"));
    public static final long MONITOR_WIDTH = MONITOR_INFO_T.byteOffset(groupElement("width"));
    public static final long MONITOR_HEIGHT = MONITOR_INFO_T.byteOffset(groupElement("height"));

    /** xcb_void_cookie_t xcb_randr_select_input_checked(c, xcb_window_t window, uint16_t enable); */
    public static final MethodHandle SELECT_INPUT_CHECKED = fn("xcb_randr_select_input_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_SHORT));
    /** xcb_randr_get_monitors_cookie_t xcb_randr_get_monitors(c, xcb_window_t window, uint8_t get_active); */
    public static final MethodHandle GET_MONITORS = fn("xcb_randr_get_monitors",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_BYTE));
}
