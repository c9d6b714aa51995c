package dev.deskdup.internal.pipewire;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The PipeWire 0.3 / SPA 0.2 structures deskdup reads and writes (LP64), mirrored from the headers and checked
 * against the installed ones by {@code PipeWireAbiTest} (gcc with {@code _Static_assert}s). Names are the C names;
 * offsets are named constants.
 *
 * <pre>
 *  struct pw_buffer (32)            struct spa_buffer (24)          struct spa_data (40)
 *   0 struct spa_buffer *buffer      0 uint32 n_metas                 0 uint32 type  (MemPtr 1, MemFd 2, DmaBuf 3)
 *   8 void *user_data                4 uint32 n_datas                 4 uint32 flags
 *  16 uint64 size                    8 struct spa_meta *metas         8 int64  fd
 *  24 uint64 requested  (0.3.50+)   16 struct spa_data *datas        16 uint32 mapoffset
 *                                                                    20 uint32 maxsize
 *  struct spa_meta (16)             struct spa_chunk (16)            24 void *data
 *   0 uint32 type                    0 uint32 offset                 32 struct spa_chunk *chunk
 *   4 uint32 size                    4 uint32 size
 *   8 void *data                     8 int32  stride
 *                                   12 int32  flags  (CORRUPTED 1)
 *
 *  struct spa_meta_header (32)      struct spa_meta_region (16)      struct spa_meta_cursor (28)
 *   0 uint32 flags (CORRUPTED 2)     0 int32 x, 4 int32 y             0 uint32 id (0: no cursor)
 *   4 uint32 offset                  8 uint32 width, 12 uint32 height 4 uint32 flags
 *   8 int64  pts (ns)                                                 8 int32 x, 12 int32 y   (position)
 *  16 int64  dts_offset             struct spa_meta_bitmap (20)      16 int32 x, 20 int32 y   (hotspot)
 *  24 uint64 seq                     0 uint32 format (video format)  24 uint32 bitmap_offset (from the cursor)
 *                                    4 uint32 width, 8 uint32 height
 *                                   12 int32  stride
 *                                   16 uint32 offset (pixels, from the bitmap)
 *
 *  struct pw_stream_events (96, version 2): version, then destroy, state_changed, control_info, io_changed,
 *  param_changed, add_buffer, remove_buffer, process, drained, command, trigger_done (function pointers).
 *  struct spa_hook (48): opaque to us, zeroed, lives as long as the stream.
 * </pre>
 */
final class SpaLayouts {

    private SpaLayouts() {
    }

    private static final AddressLayout PTR = ADDRESS;

    static final StructLayout PW_BUFFER = MemoryLayout.structLayout(
            PTR.withName("buffer"),
            PTR.withName("user_data"),
            JAVA_LONG.withName("size"),
            JAVA_LONG.withName("requested")).withName("struct pw_buffer");
    static final long PW_BUFFER_BUFFER = PW_BUFFER.byteOffset(groupElement("buffer"));
    static final long PW_BUFFER_USER_DATA = PW_BUFFER.byteOffset(groupElement("user_data"));

    static final StructLayout SPA_BUFFER = MemoryLayout.structLayout(
            JAVA_INT.withName("n_metas"),
            JAVA_INT.withName("n_datas"),
            PTR.withName("metas"),
            PTR.withName("datas")).withName("struct spa_buffer");
    static final long SPA_BUFFER_N_METAS = SPA_BUFFER.byteOffset(groupElement("n_metas"));
    static final long SPA_BUFFER_N_DATAS = SPA_BUFFER.byteOffset(groupElement("n_datas"));
    static final long SPA_BUFFER_METAS = SPA_BUFFER.byteOffset(groupElement("metas"));
    static final long SPA_BUFFER_DATAS = SPA_BUFFER.byteOffset(groupElement("datas"));

    static final StructLayout SPA_META = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("size"),
            PTR.withName("data")).withName("struct spa_meta");
    static final long SPA_META_TYPE = SPA_META.byteOffset(groupElement("type"));
    static final long SPA_META_SIZE = SPA_META.byteOffset(groupElement("size"));
    static final long SPA_META_DATA = SPA_META.byteOffset(groupElement("data"));

    static final StructLayout SPA_DATA = MemoryLayout.structLayout(
            JAVA_INT.withName("type"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("fd"),
            JAVA_INT.withName("mapoffset"),
            JAVA_INT.withName("maxsize"),
            PTR.withName("data"),
            PTR.withName("chunk")).withName("struct spa_data");
    static final long SPA_DATA_TYPE = SPA_DATA.byteOffset(groupElement("type"));
    static final long SPA_DATA_FLAGS = SPA_DATA.byteOffset(groupElement("flags"));
    static final long SPA_DATA_FD = SPA_DATA.byteOffset(groupElement("fd"));
    static final long SPA_DATA_MAPOFFSET = SPA_DATA.byteOffset(groupElement("mapoffset"));
    static final long SPA_DATA_MAXSIZE = SPA_DATA.byteOffset(groupElement("maxsize"));
    static final long SPA_DATA_DATA = SPA_DATA.byteOffset(groupElement("data"));
    static final long SPA_DATA_CHUNK = SPA_DATA.byteOffset(groupElement("chunk"));

    static final StructLayout SPA_CHUNK = MemoryLayout.structLayout(
            JAVA_INT.withName("offset"),
            JAVA_INT.withName("size"),
            JAVA_INT.withName("stride"),
            JAVA_INT.withName("flags")).withName("struct spa_chunk");
    static final long SPA_CHUNK_OFFSET = SPA_CHUNK.byteOffset(groupElement("offset"));
    static final long SPA_CHUNK_SIZE = SPA_CHUNK.byteOffset(groupElement("size"));
    static final long SPA_CHUNK_STRIDE = SPA_CHUNK.byteOffset(groupElement("stride"));
    static final long SPA_CHUNK_FLAGS = SPA_CHUNK.byteOffset(groupElement("flags"));

    static final StructLayout SPA_META_HEADER = MemoryLayout.structLayout(
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("offset"),
            JAVA_LONG.withName("pts"),
            JAVA_LONG.withName("dts_offset"),
            JAVA_LONG.withName("seq")).withName("struct spa_meta_header");
    static final long HEADER_FLAGS = SPA_META_HEADER.byteOffset(groupElement("flags"));
    static final long HEADER_PTS = SPA_META_HEADER.byteOffset(groupElement("pts"));
    static final long HEADER_SEQ = SPA_META_HEADER.byteOffset(groupElement("seq"));

    static final StructLayout SPA_POINT = MemoryLayout.structLayout(
            JAVA_INT.withName("x"), JAVA_INT.withName("y")).withName("struct spa_point");
    static final StructLayout SPA_RECTANGLE = MemoryLayout.structLayout(
            JAVA_INT.withName("width"), JAVA_INT.withName("height")).withName("struct spa_rectangle");
    static final StructLayout SPA_REGION = MemoryLayout.structLayout(
            SPA_POINT.withName("position"), SPA_RECTANGLE.withName("size")).withName("struct spa_region");

    static final StructLayout SPA_META_REGION = MemoryLayout.structLayout(
            SPA_REGION.withName("region")).withName("struct spa_meta_region");
    static final long REGION_X = 0;
    static final long REGION_Y = 4;
    static final long REGION_WIDTH = 8;
    static final long REGION_HEIGHT = 12;

    static final StructLayout SPA_META_BITMAP = MemoryLayout.structLayout(
            JAVA_INT.withName("format"),
            SPA_RECTANGLE.withName("size"),
            JAVA_INT.withName("stride"),
            JAVA_INT.withName("offset")).withName("struct spa_meta_bitmap");
    static final long BITMAP_FORMAT = SPA_META_BITMAP.byteOffset(groupElement("format"));
    static final long BITMAP_WIDTH = SPA_META_BITMAP.byteOffset(groupElement("size"), groupElement("width"));
    static final long BITMAP_HEIGHT = SPA_META_BITMAP.byteOffset(groupElement("size"), groupElement("height"));
    static final long BITMAP_STRIDE = SPA_META_BITMAP.byteOffset(groupElement("stride"));
    static final long BITMAP_OFFSET = SPA_META_BITMAP.byteOffset(groupElement("offset"));

    static final StructLayout SPA_META_CURSOR = MemoryLayout.structLayout(
            JAVA_INT.withName("id"),
            JAVA_INT.withName("flags"),
            SPA_POINT.withName("position"),
            SPA_POINT.withName("hotspot"),
            JAVA_INT.withName("bitmap_offset")).withName("struct spa_meta_cursor");
    static final long CURSOR_ID = SPA_META_CURSOR.byteOffset(groupElement("id"));
    static final long CURSOR_X = SPA_META_CURSOR.byteOffset(groupElement("position"), groupElement("x"));
    static final long CURSOR_Y = SPA_META_CURSOR.byteOffset(groupElement("position"), groupElement("y"));
    static final long CURSOR_HOTSPOT_X = SPA_META_CURSOR.byteOffset(groupElement("hotspot"), groupElement("x"));
    static final long CURSOR_HOTSPOT_Y = SPA_META_CURSOR.byteOffset(groupElement("hotspot"), groupElement("y"));
    static final long CURSOR_BITMAP_OFFSET = SPA_META_CURSOR.byteOffset(groupElement("bitmap_offset"));

    /** {@code CURSOR_META_SIZE(w, h)} as OBS and the portals size it: cursor, bitmap header, w×h×4 pixels. */
    static int cursorMetaSize(int width, int height) {
        return (int) (SPA_META_CURSOR.byteSize() + SPA_META_BITMAP.byteSize()) + width * height * 4;
    }

    static final StructLayout PW_STREAM_EVENTS = MemoryLayout.structLayout(
            JAVA_INT.withName("version"),
            MemoryLayout.paddingLayout(4),
            PTR.withName("destroy"),
            PTR.withName("state_changed"),
            PTR.withName("control_info"),
            PTR.withName("io_changed"),
            PTR.withName("param_changed"),
            PTR.withName("add_buffer"),
            PTR.withName("remove_buffer"),
            PTR.withName("process"),
            PTR.withName("drained"),
            PTR.withName("command"),
            PTR.withName("trigger_done")).withName("struct pw_stream_events");
    static final int PW_VERSION_STREAM_EVENTS = 2;
    static final long EVENTS_VERSION = PW_STREAM_EVENTS.byteOffset(groupElement("version"));
    static final long EVENTS_STATE_CHANGED = PW_STREAM_EVENTS.byteOffset(groupElement("state_changed"));
    static final long EVENTS_PARAM_CHANGED = PW_STREAM_EVENTS.byteOffset(groupElement("param_changed"));
    static final long EVENTS_ADD_BUFFER = PW_STREAM_EVENTS.byteOffset(groupElement("add_buffer"));
    static final long EVENTS_REMOVE_BUFFER = PW_STREAM_EVENTS.byteOffset(groupElement("remove_buffer"));
    static final long EVENTS_PROCESS = PW_STREAM_EVENTS.byteOffset(groupElement("process"));

    /** {@code struct spa_hook}: four list/callback pointer pairs and a removed callback; we only zero it. */
    static final long SPA_HOOK_SIZE = 48;

    /** {@code struct spa_pod} header: size (of the body), type. */
    static final StructLayout SPA_POD = MemoryLayout.structLayout(
            JAVA_INT.withName("size"), JAVA_INT.withName("type")).withName("struct spa_pod");
    /** {@code struct spa_pod_object_body}: type, id; properties follow. */
    static final StructLayout SPA_POD_OBJECT_BODY = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("id")).withName("struct spa_pod_object_body");
    /** {@code struct spa_pod_prop}: key, flags, value pod. */
    static final StructLayout SPA_POD_PROP = MemoryLayout.structLayout(
            JAVA_INT.withName("key"), JAVA_INT.withName("flags"), SPA_POD.withName("value"))
            .withName("struct spa_pod_prop");
    /** {@code struct spa_pod_choice_body}: type, flags, child pod header; the values follow. */
    static final StructLayout SPA_POD_CHOICE_BODY = MemoryLayout.structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("flags"), SPA_POD.withName("child"))
            .withName("struct spa_pod_choice_body");
    /** {@code struct spa_pod_array_body}: child pod header; the values follow. */
    static final StructLayout SPA_POD_ARRAY_BODY = MemoryLayout.structLayout(
            SPA_POD.withName("child")).withName("struct spa_pod_array_body");
    static final StructLayout SPA_FRACTION = MemoryLayout.structLayout(
            JAVA_INT.withName("num"), JAVA_INT.withName("denom")).withName("struct spa_fraction");

    /** Every mirrored struct, for the ABI test. */
    static final List<StructLayout> ALL = List.of(PW_BUFFER, SPA_BUFFER, SPA_META, SPA_DATA, SPA_CHUNK,
            SPA_META_HEADER, SPA_POINT, SPA_RECTANGLE, SPA_REGION, SPA_META_REGION, SPA_META_BITMAP,
            SPA_META_CURSOR, PW_STREAM_EVENTS, SPA_POD, SPA_POD_OBJECT_BODY, SPA_POD_PROP, SPA_POD_CHOICE_BODY,
            SPA_POD_ARRAY_BODY, SPA_FRACTION);
}
