package dev.deskdup.internal.pipewire;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reading (and, for the test producer, writing) the structures behind a {@code struct pw_buffer *}: its first data
 * block and chunk, and its metadata ({@code spa_buffer_find_meta_data}, inline in C). Addresses are {@code long}s
 * and every access goes through one all-of-memory segment, so nothing here allocates; each address read comes from
 * PipeWire's own structures.
 */
public final class SpaBuffers {

    private SpaBuffers() {
    }

    private static final MemorySegment M = NativeMemory.ALL;

    public static final int DATA_MEM_PTR = SpaIds.SPA_DATA_MemPtr;
    public static final int DATA_MEM_FD = SpaIds.SPA_DATA_MemFd;
    public static final int DATA_DMA_BUF = SpaIds.SPA_DATA_DmaBuf;
    public static final int HEADER_FLAG_CORRUPTED = SpaIds.SPA_META_HEADER_FLAG_CORRUPTED;
    public static final int CHUNK_FLAG_CORRUPTED = SpaIds.SPA_CHUNK_FLAG_CORRUPTED;

    /** The {@code struct spa_buffer *} of a {@code struct pw_buffer *}. */
    public static long spaBuffer(long pwBuffer) {
        return M.get(JAVA_LONG, pwBuffer + SpaLayouts.PW_BUFFER_BUFFER);
    }

    /** {@code pw_buffer.user_data}: where deskdup keeps its index of the buffer. */
    public static long userData(long pwBuffer) {
        return M.get(JAVA_LONG, pwBuffer + SpaLayouts.PW_BUFFER_USER_DATA);
    }

    public static void userData(long pwBuffer, long value) {
        M.set(JAVA_LONG, pwBuffer + SpaLayouts.PW_BUFFER_USER_DATA, value);
    }

    public static int dataCount(long spaBuffer) {
        return M.get(JAVA_INT, spaBuffer + SpaLayouts.SPA_BUFFER_N_DATAS);
    }

    /** The {@code struct spa_data *} of block 0. */
    public static long data0(long spaBuffer) {
        return M.get(JAVA_LONG, spaBuffer + SpaLayouts.SPA_BUFFER_DATAS);
    }

    public static int dataType(long data) {
        return M.get(JAVA_INT, data + SpaLayouts.SPA_DATA_TYPE);
    }

    public static int dataFd(long data) {
        return (int) M.get(JAVA_LONG, data + SpaLayouts.SPA_DATA_FD);
    }

    public static long dataMapOffset(long data) {
        return Integer.toUnsignedLong(M.get(JAVA_INT, data + SpaLayouts.SPA_DATA_MAPOFFSET));
    }

    public static long dataMaxSize(long data) {
        return Integer.toUnsignedLong(M.get(JAVA_INT, data + SpaLayouts.SPA_DATA_MAXSIZE));
    }

    /** {@code spa_data.data}: the mapped memory (set for MemPtr, and for MemFd when PipeWire mapped it). */
    public static long dataPointer(long data) {
        return M.get(JAVA_LONG, data + SpaLayouts.SPA_DATA_DATA);
    }

    private static long chunk(long data) {
        return M.get(JAVA_LONG, data + SpaLayouts.SPA_DATA_CHUNK);
    }

    public static int chunkOffset(long data) {
        return M.get(JAVA_INT, chunk(data) + SpaLayouts.SPA_CHUNK_OFFSET);
    }

    public static int chunkSize(long data) {
        return M.get(JAVA_INT, chunk(data) + SpaLayouts.SPA_CHUNK_SIZE);
    }

    public static int chunkStride(long data) {
        return M.get(JAVA_INT, chunk(data) + SpaLayouts.SPA_CHUNK_STRIDE);
    }

    public static int chunkFlags(long data) {
        return M.get(JAVA_INT, chunk(data) + SpaLayouts.SPA_CHUNK_FLAGS);
    }

    /** The producer side: what it wrote into block 0. */
    public static void setChunk(long data, int offset, int size, int stride, int flags) {
        long c = chunk(data);
        M.set(JAVA_INT, c + SpaLayouts.SPA_CHUNK_OFFSET, offset);
        M.set(JAVA_INT, c + SpaLayouts.SPA_CHUNK_SIZE, size);
        M.set(JAVA_INT, c + SpaLayouts.SPA_CHUNK_STRIDE, stride);
        M.set(JAVA_INT, c + SpaLayouts.SPA_CHUNK_FLAGS, flags);
    }

    /** {@code spa_buffer_find_meta}: the {@code struct spa_meta *} of {@code type}, or 0. */
    public static long findMeta(long spaBuffer, int type) {
        int n = M.get(JAVA_INT, spaBuffer + SpaLayouts.SPA_BUFFER_N_METAS);
        long metas = M.get(JAVA_LONG, spaBuffer + SpaLayouts.SPA_BUFFER_METAS);
        for (int i = 0; i < n; i++) {
            long m = metas + i * SpaLayouts.SPA_META.byteSize();
            if (M.get(JAVA_INT, m + SpaLayouts.SPA_META_TYPE) == type) {
                return m;
            }
        }
        return 0;
    }

    /** The data of a {@code struct spa_meta *}. */
    public static long metaData(long meta) {
        return M.get(JAVA_LONG, meta + SpaLayouts.SPA_META_DATA);
    }

    /** The size of a meta's data in bytes. */
    public static long metaSize(long meta) {
        return Integer.toUnsignedLong(M.get(JAVA_INT, meta + SpaLayouts.SPA_META_SIZE));
    }

    // ---- spa_meta_header ------------------------------------------------------------------------------------

    public static int headerFlags(long header) {
        return M.get(JAVA_INT, header + SpaLayouts.HEADER_FLAGS);
    }

    public static long headerPts(long header) {
        return M.get(JAVA_LONG, header + SpaLayouts.HEADER_PTS);
    }

    public static long headerSeq(long header) {
        return M.get(JAVA_LONG, header + SpaLayouts.HEADER_SEQ);
    }

    public static void setHeader(long header, int flags, long pts, long seq) {
        M.set(JAVA_INT, header + SpaLayouts.HEADER_FLAGS, flags);
        M.set(JAVA_INT, header + SpaLayouts.SPA_META_HEADER.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("offset")), 0);
        M.set(JAVA_LONG, header + SpaLayouts.HEADER_PTS, pts);
        M.set(JAVA_LONG, header + SpaLayouts.HEADER_SEQ, seq);
    }

    // ---- spa_meta_region (damage: an array ended by an empty region; crop: one) ---------------------------

    public static final long REGION_SIZE = SpaLayouts.SPA_META_REGION.byteSize();

    public static int regionX(long region) {
        return M.get(JAVA_INT, region + SpaLayouts.REGION_X);
    }

    public static int regionY(long region) {
        return M.get(JAVA_INT, region + SpaLayouts.REGION_Y);
    }

    public static int regionWidth(long region) {
        return M.get(JAVA_INT, region + SpaLayouts.REGION_WIDTH);
    }

    public static int regionHeight(long region) {
        return M.get(JAVA_INT, region + SpaLayouts.REGION_HEIGHT);
    }

    public static void setRegion(long region, int x, int y, int width, int height) {
        M.set(JAVA_INT, region + SpaLayouts.REGION_X, x);
        M.set(JAVA_INT, region + SpaLayouts.REGION_Y, y);
        M.set(JAVA_INT, region + SpaLayouts.REGION_WIDTH, width);
        M.set(JAVA_INT, region + SpaLayouts.REGION_HEIGHT, height);
    }

    // ---- spa_meta_cursor and its spa_meta_bitmap -------------------------------------------------------------

    public static final long CURSOR_STRUCT_SIZE = SpaLayouts.SPA_META_CURSOR.byteSize();
    public static final long BITMAP_STRUCT_SIZE = SpaLayouts.SPA_META_BITMAP.byteSize();

    public static int cursorId(long cursor) {
        return M.get(JAVA_INT, cursor + SpaLayouts.CURSOR_ID);
    }

    public static int cursorX(long cursor) {
        return M.get(JAVA_INT, cursor + SpaLayouts.CURSOR_X);
    }

    public static int cursorY(long cursor) {
        return M.get(JAVA_INT, cursor + SpaLayouts.CURSOR_Y);
    }

    public static int cursorHotspotX(long cursor) {
        return M.get(JAVA_INT, cursor + SpaLayouts.CURSOR_HOTSPOT_X);
    }

    public static int cursorHotspotY(long cursor) {
        return M.get(JAVA_INT, cursor + SpaLayouts.CURSOR_HOTSPOT_Y);
    }

    /** Offset of the bitmap from the cursor struct; 0 when this buffer carries no (new) shape. */
    public static int cursorBitmapOffset(long cursor) {
        return M.get(JAVA_INT, cursor + SpaLayouts.CURSOR_BITMAP_OFFSET);
    }

    public static void setCursor(long cursor, int id, int x, int y, int hotspotX, int hotspotY, int bitmapOffset) {
        M.set(JAVA_INT, cursor + SpaLayouts.CURSOR_ID, id);
        M.set(JAVA_INT, cursor + SpaLayouts.SPA_META_CURSOR.byteOffset(
                java.lang.foreign.MemoryLayout.PathElement.groupElement("flags")), 0);
        M.set(JAVA_INT, cursor + SpaLayouts.CURSOR_X, x);
        M.set(JAVA_INT, cursor + SpaLayouts.CURSOR_Y, y);
        M.set(JAVA_INT, cursor + SpaLayouts.CURSOR_HOTSPOT_X, hotspotX);
        M.set(JAVA_INT, cursor + SpaLayouts.CURSOR_HOTSPOT_Y, hotspotY);
        M.set(JAVA_INT, cursor + SpaLayouts.CURSOR_BITMAP_OFFSET, bitmapOffset);
    }

    public static int bitmapFormat(long bitmap) {
        return M.get(JAVA_INT, bitmap + SpaLayouts.BITMAP_FORMAT);
    }

    public static int bitmapWidth(long bitmap) {
        return M.get(JAVA_INT, bitmap + SpaLayouts.BITMAP_WIDTH);
    }

    public static int bitmapHeight(long bitmap) {
        return M.get(JAVA_INT, bitmap + SpaLayouts.BITMAP_HEIGHT);
    }

    public static int bitmapStride(long bitmap) {
        return M.get(JAVA_INT, bitmap + SpaLayouts.BITMAP_STRIDE);
    }

    /** Offset of the pixels from the bitmap struct. */
    public static int bitmapPixelsOffset(long bitmap) {
        return M.get(JAVA_INT, bitmap + SpaLayouts.BITMAP_OFFSET);
    }

    public static void setBitmap(long bitmap, int format, int width, int height, int stride, int pixelsOffset) {
        M.set(JAVA_INT, bitmap + SpaLayouts.BITMAP_FORMAT, format);
        M.set(JAVA_INT, bitmap + SpaLayouts.BITMAP_WIDTH, width);
        M.set(JAVA_INT, bitmap + SpaLayouts.BITMAP_HEIGHT, height);
        M.set(JAVA_INT, bitmap + SpaLayouts.BITMAP_STRIDE, stride);
        M.set(JAVA_INT, bitmap + SpaLayouts.BITMAP_OFFSET, pixelsOffset);
    }

    /** Reads 4 bytes at a raw address PipeWire handed out (bitmap pixels). */
    public static int int32At(long address) {
        return M.get(JAVA_INT, address);
    }

    public static void int32At(long address, int value) {
        M.set(JAVA_INT, address, value);
    }
}
