package dev.deskdup.internal.x11;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * libxcb (xproto.h), the window part of the core protocol: the tree, attributes, geometry, properties, atoms and
 * the structure events window capture follows. Bound from the same library as {@link Xcb} ({@link Xcb#LIB}); kept
 * apart so that the connection's binding stays small. Cookies {@code JAVA_INT}, replies {@code JAVA_LONG}, as in
 * {@link Xcb}. None of these is on the frame path: they run when a window is looked up, listed, or changed.
 */
final class XcbWindow {

    private XcbWindow() {
    }

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return Xcb.LIB.function(name, fd);
    }

    // ---- constants ------------------------------------------------------------------------------------------

    /** xcb_window_class_t */
    static final int WINDOW_CLASS_INPUT_OUTPUT = 1;
    static final int WINDOW_CLASS_INPUT_ONLY = 2;
    /** xcb_map_state_t */
    static final int MAP_STATE_UNMAPPED = 0;
    static final int MAP_STATE_UNVIEWABLE = 1;
    static final int MAP_STATE_VIEWABLE = 2;
    /** Predefined atoms (xcb_atom_enum_t). */
    static final int ATOM_ANY = 0;
    static final int ATOM_CARDINAL = 6;
    static final int ATOM_STRING = 31;
    static final int ATOM_WM_NAME = 39;
    static final int ATOM_WM_CLASS = 67;
    /** Event types. */
    static final int DESTROY_NOTIFY = 17;
    static final int UNMAP_NOTIFY = 18;
    static final int MAP_NOTIFY = 19;
    static final int REPARENT_NOTIFY = 21;
    static final int CONFIGURE_NOTIFY = Xcb.CONFIGURE_NOTIFY;
    /** XCB_GE_GENERIC: an extension's event with its own type (XInput 2). */
    static final int GE_GENERIC = 35;

    // ---- replies ------------------------------------------------------------------------------------------

    /** xcb_get_window_attributes_reply_t */
    static final StructLayout GET_WINDOW_ATTRIBUTES_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("backing_store"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("visual"), JAVA_SHORT.withName("_class"),
            JAVA_BYTE.withName("bit_gravity"), JAVA_BYTE.withName("win_gravity"), JAVA_INT.withName("backing_planes"),
            JAVA_INT.withName("backing_pixel"), JAVA_BYTE.withName("save_under"),
            JAVA_BYTE.withName("map_is_installed"), JAVA_BYTE.withName("map_state"),
            JAVA_BYTE.withName("override_redirect"), JAVA_INT.withName("colormap"),
            JAVA_INT.withName("all_event_masks"), JAVA_INT.withName("your_event_mask"),
            JAVA_SHORT.withName("do_not_propagate_mask"), MemoryLayout.sequenceLayout(2, JAVA_BYTE).withName("pad0"));
    static final long ATTRIBUTES_CLASS = GET_WINDOW_ATTRIBUTES_REPLY_T.byteOffset(groupElement("_class"));
    static final long ATTRIBUTES_MAP_STATE = GET_WINDOW_ATTRIBUTES_REPLY_T.byteOffset(groupElement("map_state"));
    static final long ATTRIBUTES_OVERRIDE_REDIRECT = GET_WINDOW_ATTRIBUTES_REPLY_T.byteOffset(
            groupElement("override_redirect"));

    /** xcb_get_geometry_reply_t */
    static final StructLayout GET_GEOMETRY_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("depth"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("root"), JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"),
            JAVA_SHORT.withName("width"), JAVA_SHORT.withName("height"), JAVA_SHORT.withName("border_width"),
            MemoryLayout.sequenceLayout(2, JAVA_BYTE).withName("pad0"));
    static final long GEOMETRY_DEPTH = GET_GEOMETRY_REPLY_T.byteOffset(groupElement("depth"));
    static final long GEOMETRY_X = GET_GEOMETRY_REPLY_T.byteOffset(groupElement("x"));
    static final long GEOMETRY_Y = GET_GEOMETRY_REPLY_T.byteOffset(groupElement("y"));
    static final long GEOMETRY_WIDTH = GET_GEOMETRY_REPLY_T.byteOffset(groupElement("width"));
    static final long GEOMETRY_HEIGHT = GET_GEOMETRY_REPLY_T.byteOffset(groupElement("height"));
    static final long GEOMETRY_BORDER_WIDTH = GET_GEOMETRY_REPLY_T.byteOffset(groupElement("border_width"));

    /** xcb_query_tree_reply_t; children_len xcb_window_t follow it. */
    static final StructLayout QUERY_TREE_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("root"), JAVA_INT.withName("parent"),
            JAVA_SHORT.withName("children_len"), MemoryLayout.sequenceLayout(14, JAVA_BYTE).withName("pad1"));
    static final long TREE_PARENT = QUERY_TREE_REPLY_T.byteOffset(groupElement("parent"));
    static final long TREE_CHILDREN_LEN = QUERY_TREE_REPLY_T.byteOffset(groupElement("children_len"));
    static final long TREE_CHILDREN = QUERY_TREE_REPLY_T.byteSize();

    /** xcb_get_property_reply_t; value_len items of format/8 bytes follow it. */
    static final StructLayout GET_PROPERTY_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("format"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("type"), JAVA_INT.withName("bytes_after"),
            JAVA_INT.withName("value_len"), MemoryLayout.sequenceLayout(12, JAVA_BYTE).withName("pad0"));
    static final long PROPERTY_FORMAT = GET_PROPERTY_REPLY_T.byteOffset(groupElement("format"));
    static final long PROPERTY_TYPE = GET_PROPERTY_REPLY_T.byteOffset(groupElement("type"));
    static final long PROPERTY_VALUE_LEN = GET_PROPERTY_REPLY_T.byteOffset(groupElement("value_len"));
    static final long PROPERTY_VALUE = GET_PROPERTY_REPLY_T.byteSize();

    /** xcb_intern_atom_reply_t */
    static final StructLayout INTERN_ATOM_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("atom"));
    static final long ATOM = INTERN_ATOM_REPLY_T.byteOffset(groupElement("atom"));

    /** xcb_translate_coordinates_reply_t */
    static final StructLayout TRANSLATE_COORDINATES_REPLY_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("same_screen"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_INT.withName("child"), JAVA_SHORT.withName("dst_x"),
            JAVA_SHORT.withName("dst_y"));
    static final long TRANSLATED_X = TRANSLATE_COORDINATES_REPLY_T.byteOffset(groupElement("dst_x"));
    static final long TRANSLATED_Y = TRANSLATE_COORDINATES_REPLY_T.byteOffset(groupElement("dst_y"));

    // ---- events -------------------------------------------------------------------------------------------

    /** xcb_destroy_notify_event_t (also the head of map, unmap, reparent and configure notify: event, window). */
    static final StructLayout DESTROY_NOTIFY_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("event"), JAVA_INT.withName("window"));
    static final long NOTIFY_WINDOW = DESTROY_NOTIFY_EVENT_T.byteOffset(groupElement("window"));

    /** xcb_reparent_notify_event_t */
    static final StructLayout REPARENT_NOTIFY_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("pad0"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("event"), JAVA_INT.withName("window"), JAVA_INT.withName("parent"),
            JAVA_SHORT.withName("x"), JAVA_SHORT.withName("y"), JAVA_BYTE.withName("override_redirect"),
            MemoryLayout.sequenceLayout(3, JAVA_BYTE).withName("pad1"));
    static final long REPARENT_PARENT = REPARENT_NOTIFY_EVENT_T.byteOffset(groupElement("parent"));

    /** xcb_configure_notify_event_t, the fields {@link Xcb} does not name. */
    static final long CONFIGURE_BORDER_WIDTH = Xcb.CONFIGURE_NOTIFY_EVENT_T.byteOffset(groupElement("border_width"));
    static final long CONFIGURE_X = Xcb.CONFIGURE_NOTIFY_EVENT_T.byteOffset(groupElement("x"));
    static final long CONFIGURE_Y = Xcb.CONFIGURE_NOTIFY_EVENT_T.byteOffset(groupElement("y"));

    /** xcb_ge_generic_event_t */
    static final StructLayout GE_GENERIC_EVENT_T = MemoryLayout.structLayout(
            JAVA_BYTE.withName("response_type"), JAVA_BYTE.withName("extension"), JAVA_SHORT.withName("sequence"),
            JAVA_INT.withName("length"), JAVA_SHORT.withName("event_type"),
            MemoryLayout.sequenceLayout(22, JAVA_BYTE).withName("pad0"), JAVA_INT.withName("full_sequence"));
    static final long GE_EXTENSION = GE_GENERIC_EVENT_T.byteOffset(groupElement("extension"));
    static final long GE_EVENT_TYPE = GE_GENERIC_EVENT_T.byteOffset(groupElement("event_type"));

    // ---- requests -----------------------------------------------------------------------------------------

    /** xcb_get_window_attributes_cookie_t xcb_get_window_attributes(xcb_connection_t *c, xcb_window_t window); */
    static final MethodHandle GET_WINDOW_ATTRIBUTES = fn("xcb_get_window_attributes",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_get_geometry_cookie_t xcb_get_geometry(xcb_connection_t *c, xcb_drawable_t drawable); */
    static final MethodHandle GET_GEOMETRY = fn("xcb_get_geometry", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /** xcb_query_tree_cookie_t xcb_query_tree(xcb_connection_t *c, xcb_window_t window); */
    static final MethodHandle QUERY_TREE = fn("xcb_query_tree", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    /**
     * xcb_get_property_cookie_t xcb_get_property(c, uint8_t _delete, xcb_window_t window, xcb_atom_t property,
     * xcb_atom_t type, uint32_t long_offset, uint32_t long_length);
     */
    static final MethodHandle GET_PROPERTY = fn("xcb_get_property",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    /** xcb_intern_atom_cookie_t xcb_intern_atom(c, uint8_t only_if_exists, uint16_t name_len, const char *name); */
    static final MethodHandle INTERN_ATOM = fn("xcb_intern_atom",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_BYTE, JAVA_SHORT, ADDRESS));
    /**
     * xcb_translate_coordinates_cookie_t xcb_translate_coordinates(c, xcb_window_t src_window,
     * xcb_window_t dst_window, int16_t src_x, int16_t src_y);
     */
    static final MethodHandle TRANSLATE_COORDINATES = fn("xcb_translate_coordinates",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_SHORT, JAVA_SHORT));
    /** xcb_void_cookie_t xcb_free_pixmap(xcb_connection_t *c, xcb_pixmap_t pixmap); */
    static final MethodHandle FREE_PIXMAP = fn("xcb_free_pixmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
}
