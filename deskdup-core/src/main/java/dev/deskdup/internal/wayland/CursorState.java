package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.SpaBuffers;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CursorWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The cursor as the portal's metadata cursor mode reports it ({@code SPA_META_Cursor} with a
 * {@code spa_meta_bitmap} when the shape changed): updated from every buffer on the loop thread, in order (so no
 * update is lost with a dropped frame), and written into each frame's slot on the filling thread. Both under the
 * loop lock.
 *
 * <p>Shapes are converted to premultiplied BGRA (the {@link CursorWriter} format) once, when they arrive, into a
 * staging image; each slot gets its own copy when it first carries a shape, so a shape a consumer holds is never
 * overwritten. PipeWire's bitmap carries no alpha mode; compositors (mutter, wlroots, KWin) fill it from
 * premultiplied cursor images, so it is taken as premultiplied.
 */
final class CursorState implements AutoCloseable {

    /**
     * The largest cursor image accepted, and the most cursor metadata deskdup announces. Producers offer one fixed
     * size, which must lie in deskdup's range or no cursor metadata is negotiated at all: mutter announces
     * {@code CURSOR_META_SIZE(384, 384)} (64×64 in older versions), KWin its cursor's size.
     */
    static final int MAX_SIZE = 512;

    private final Arena arena = Arena.ofShared();
    /** The current shape, premultiplied BGRA; made at the first bitmap (a capture without cursor needs none). */
    private MemorySegment staging;
    /** Where a new bitmap is converted, to compare with the current one: producers may resend the same shape. */
    private MemorySegment scratch;
    private final MemorySegment[] slotShapes;
    private final long[] slotSerials;

    private boolean known;
    private int x;
    private int y;
    private boolean shown;
    private int width;
    private int height;
    private int hotspotX;
    private int hotspotY;
    private long serial;
    /** The serial the previous delivered frame carried: a frame with another one says its shape changed. */
    private long deliveredSerial;
    private boolean moved;

    CursorState(int slots) {
        slotShapes = new MemorySegment[slots];
        slotSerials = new long[slots];
    }

    /** Reads the cursor metadata of a buffer (loop thread). Returns whether position or shape changed. */
    boolean update(long cursorMeta) {
        if (cursorMeta == 0) {
            return false;
        }
        long c = SpaBuffers.metaData(cursorMeta);
        long size = SpaBuffers.metaSize(cursorMeta);
        if (c == 0 || size < SpaBuffers.CURSOR_STRUCT_SIZE) {
            return false;
        }
        int id = SpaBuffers.cursorId(c);
        if (id == 0) {
            return false; // "no new cursor data" (spa/buffer/meta.h)
        }
        int nx = SpaBuffers.cursorX(c), ny = SpaBuffers.cursorY(c);
        boolean changed = !known || nx != x || ny != y;
        known = true;
        x = nx;
        y = ny;
        // The hotspot belongs to the bitmap ("no meaning when there is no valid bitmap", spa/buffer/meta.h):
        // mutter writes 0, 0 into position-only updates, so it is taken only with a bitmap.
        shown = true;
        int bitmapOffset = SpaBuffers.cursorBitmapOffset(c);
        if (bitmapOffset >= SpaBuffers.CURSOR_STRUCT_SIZE && bitmapOffset + SpaBuffers.BITMAP_STRUCT_SIZE <= size) {
            long bitmap = c + bitmapOffset;
            int w = SpaBuffers.bitmapWidth(bitmap), h = SpaBuffers.bitmapHeight(bitmap);
            int stride = SpaBuffers.bitmapStride(bitmap);
            long pixels = bitmap + SpaBuffers.bitmapPixelsOffset(bitmap);
            boolean fits = w > 0 && h > 0 && w <= MAX_SIZE && h <= MAX_SIZE && stride >= 4 * w
                    && bitmapOffset + SpaBuffers.bitmapPixelsOffset(bitmap) + (long) stride * (h - 1) + 4L * w <= size;
            if (w == 0 || h == 0) {
                shown = false; // an empty bitmap: the cursor is hidden
            } else if (fits && images() && convert(SpaBuffers.bitmapFormat(bitmap), pixels, stride, w, h)) {
                long bytes = 4L * w * h;
                int hx = SpaBuffers.cursorHotspotX(c), hy = SpaBuffers.cursorHotspotY(c);
                boolean same = serial != 0 && w == width && h == height && hx == hotspotX && hy == hotspotY
                        && MemorySegment.mismatch(scratch, 0, bytes, staging, 0, bytes) == -1;
                if (!same) {
                    MemorySegment t = staging;
                    staging = scratch;
                    scratch = t;
                    width = w;
                    height = h;
                    hotspotX = hx;
                    hotspotY = hy;
                    serial++;
                    changed = true;
                }
            }
        }
        moved |= changed;
        return changed;
    }

    /** Makes the two shape images at the first bitmap; true. */
    private boolean images() {
        if (staging == null) {
            staging = arena.allocate(4L * MAX_SIZE * MAX_SIZE, 64);
            scratch = arena.allocate(4L * MAX_SIZE * MAX_SIZE, 64);
        }
        return true;
    }

    /** Converts a bitmap into premultiplied BGRA in the scratch image; false for formats not understood. */
    private boolean convert(int format, long pixels, int stride, int w, int h) {
        for (int row = 0; row < h; row++) {
            long src = pixels + (long) row * stride;
            long dst = 4L * row * w;
            for (int col = 0; col < w; col++) {
                int v = SpaBuffers.int32At(src + 4L * col); // little-endian: byte 0 is the lowest
                int b0 = v & 0xFF, b1 = (v >>> 8) & 0xFF, b2 = (v >>> 16) & 0xFF, b3 = v >>> 24;
                int bgra;
                if (format == VideoFormat.BGRA) {
                    bgra = v;
                } else if (format == VideoFormat.RGBA) {
                    bgra = b2 | (b1 << 8) | (b0 << 16) | (b3 << 24);
                } else if (format == ARGB) {
                    bgra = b3 | (b2 << 8) | (b1 << 16) | (b0 << 24);
                } else if (format == ABGR) {
                    bgra = b1 | (b2 << 8) | (b3 << 16) | (b0 << 24);
                } else {
                    return false;
                }
                scratch.set(JAVA_INT, dst + 4L * col, bgra);
            }
        }
        return true;
    }

    private static final int ARGB = 13;
    private static final int ABGR = 14;

    /** Whether something changed since the last frame that carried the cursor (for cursor-only frames). */
    boolean movedSinceDelivered() {
        return moved;
    }

    /** Writes the cursor into a slot being filled (filling thread, loop lock held). */
    void writeTo(CursorWriter out, int slot, int cropX, int cropY, int frameWidth, int frameHeight) {
        moved = false;
        if (!known) {
            out.clear();
            return;
        }
        int fx = x - cropX, fy = y - cropY;
        out.position(fx, fy, shown && fx >= 0 && fy >= 0 && fx < frameWidth && fy < frameHeight);
        if (serial == 0) {
            out.shapeChanged(false);
            return;
        }
        if (slotSerials[slot] != serial) {
            long bytes = 4L * width * height;
            if (slotShapes[slot] == null || slotShapes[slot].byteSize() < bytes) {
                // sized to the shape (cursors are mostly 24–64 px), grown when a larger one comes; a consumer may
                // still hold the smaller one, so it stays until close
                slotShapes[slot] = arena.allocate(Math.max(bytes, 2 * (slotShapes[slot] == null ? 64L * 64 * 4
                        : slotShapes[slot].byteSize())), 64);
            }
            MemorySegment.copy(staging, 0, slotShapes[slot], 0, bytes);
            out.shape(serial, width, height, hotspotX, hotspotY, slotShapes[slot].asSlice(0, bytes).asReadOnly());
            slotSerials[slot] = serial;
        }
        out.shapeChanged(serial != deliveredSerial);
        deliveredSerial = serial;
    }

    @Override
    public void close() {
        arena.close();
    }
}
