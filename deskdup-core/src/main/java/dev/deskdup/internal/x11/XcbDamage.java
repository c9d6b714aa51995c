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
 * libxcb-damage (damage.h): the DAMAGE extension. Cookies are {@code JAVA_INT} and reply pointers
 * {@code JAVA_LONG}; see {@link Xcb} for why.
 */
public final class XcbDamage {

    private XcbDamage() {
    }

    /** The library; optional: without it the feature is off. */
    static final NativeLibrary LIB = NativeLibrary.optional("apt-get install libxcb-damage0 / dnf install libxcb", "libxcb-damage.so.0", "libxcb-damage.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** extern xcb_extension_t xcb_damage_id; */
    public static final MemorySegment EXTENSION_ID = LIB.symbol("xcb_damage_id");

    /** xcb_damage_query_version_cookie_t xcb_damage_query_version(c, uint32_t client_major, uint32_t client_minor); */
    public static final MethodHandle QUERY_VERSION = fn("xcb_damage_query_version",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    /** xcb_damage_report_level_t: one event when the damage goes from empty to non-empty (we fetch the region). */
    public static final byte REPORT_LEVEL_NON_EMPTY = 3;
    /** xcb_damage_report_level_t: one event per damaged rectangle, nothing accumulated (window mode). */
    public static final byte REPORT_LEVEL_RAW_RECTANGLES = 0;
    /** XCB_DAMAGE_NOTIFY, relative to the extension's first event. */
    public static final int NOTIFY = 0;

    /** xcb_damage_notify_event_t */
    public static final StructLayout NOTIFY_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("level"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("drawable"), JAVA_INT.withName("damage"), JAVA_INT.withName("timestamp"),
            Xcb.RECTANGLE_T.withName("area"), Xcb.RECTANGLE_T.withName("geometry"));
    public static final long NOTIFY_DAMAGE = NOTIFY_EVENT_T.byteOffset(groupElement("damage"));
    public static final long NOTIFY_TIMESTAMP = NOTIFY_EVENT_T.byteOffset(groupElement("timestamp"));
    public static final long NOTIFY_AREA_X = NOTIFY_EVENT_T.byteOffset(groupElement("area"), groupElement("x"));
    public static final long NOTIFY_AREA_Y = NOTIFY_EVENT_T.byteOffset(groupElement("area"), groupElement("y"));
    public static final long NOTIFY_AREA_WIDTH = NOTIFY_EVENT_T.byteOffset(groupElement("area"), groupElement("width"));
    public static final long NOTIFY_AREA_HEIGHT = NOTIFY_EVENT_T.byteOffset(groupElement("area"),
            groupElement("height"));

    /** xcb_void_cookie_t xcb_damage_create_checked(c, xcb_damage_damage_t damage, xcb_drawable_t drawable, uint8_t level); */
    public static final MethodHandle CREATE_CHECKED = fn("xcb_damage_create_checked",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BYTE));
    /** xcb_void_cookie_t xcb_damage_destroy(c, xcb_damage_damage_t damage); */
    public static final MethodHandle DESTROY = fn("xcb_damage_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_void_cookie_t xcb_damage_subtract(c, xcb_damage_damage_t damage, xcb_xfixes_region_t repair, xcb_xfixes_region_t parts); */
    public static final MethodHandle SUBTRACT = fn("xcb_damage_subtract",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
}
