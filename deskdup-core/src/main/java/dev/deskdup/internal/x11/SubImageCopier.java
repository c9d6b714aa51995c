package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.Libc;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.MemorySegment;

/**
 * Brings parts of a slot up to date from the screen. {@code ShmGetImage} of a sub-rectangle lands packed (rows of
 * {@code width * 4} bytes), so it goes into a scratch segment and its rows are copied into place; a rectangle
 * spanning the whole row width is already laid out like the slot and lands there directly. When the slot's memory
 * is not the server's target ({@link SlotTarget#zeroCopy} false) the fetched rows are copied on into it.
 * Allocation-free.
 */
final class SubImageCopier implements AutoCloseable {

    private static final int ALL_PLANES = ~0;
    /** Sub-rectangles larger than this are fetched in bands: the scratch stays small on big screens. */
    private static final long SCRATCH_MAX_BYTES = 8L << 20;

    private final X11Connection conn;
    private final boolean useFd;
    private ShmSegment scratch;
    /** What is read: the root window, or a captured window's pixmap, at an offset (the window's border). */
    private int drawable;
    private int drawableX;
    private int drawableY;

    SubImageCopier(X11Connection conn, boolean useFd) {
        this.conn = conn;
        this.useFd = useFd;
        this.drawable = conn.root();
    }

    /** Reads from {@code drawable} from now on, area coordinates shifted by {@code (dx, dy)}. */
    void source(int drawable, int dx, int dy) {
        this.drawable = drawable;
        this.drawableX = dx;
        this.drawableY = dy;
    }

    /** Sizes the scratch for an area {@code width × height}; the old scratch is freed. */
    void resize(int width, int height) {
        long rowBytes = 4L * width;
        long size = Math.max(rowBytes, Math.min((long) width * height * 4, SCRATCH_MAX_BYTES));
        if (scratch != null && scratch.memory.byteSize() == size) {
            return;
        }
        ShmSegment old = scratch;
        scratch = ShmSegment.create(conn, size, useFd);
        if (old != null) {
            old.close();
        }
    }

    /**
     * Copies the screen's rectangle {@code (areaX + rx, areaY + ry, rw × rh)} into {@code target} at
     * {@code (rx, ry)}, rows {@code stride} bytes apart; {@code areaWidth} is the slot's width. Returns the bytes
     * moved into the slot.
     */
    long copy(SlotTarget target, int areaX, int areaY, int areaWidth, int stride, int rx, int ry, int rw, int rh) {
        long rowBytes = 4L * rw;
        if (rw == areaWidth && stride == 4 * areaWidth) { // whole rows: lands in place
            long at = (long) ry * stride;
            getImage(areaX, areaY + ry, rw, rh, target.segment, target.offset + at);
            if (!target.zeroCopy) {
                MemorySegment.copy(target.written, at, target.memory, at, rowBytes * rh);
            }
            return rowBytes * rh;
        }
        MemorySegment src = scratch.memory;
        MemorySegment dst = target.memory;
        int band = (int) Math.max(1, Math.min(rh, src.byteSize() / rowBytes));
        for (int row = 0; row < rh; row += band) {
            int rows = Math.min(band, rh - row);
            getImage(areaX + rx, areaY + ry + row, rw, rows, scratch.id, 0);
            long dstOffset = (long) (ry + row) * stride + 4L * rx;
            for (int r = 0; r < rows; r++) {
                MemorySegment.copy(src, r * rowBytes, dst, dstOffset + (long) r * stride, rowBytes);
            }
        }
        return rowBytes * rh;
    }

    /** The whole area into {@code target}: one request (and one copy when not zero-copy). */
    long copyWhole(SlotTarget target, int areaX, int areaY, int width, int height) {
        long bytes = 4L * width * height;
        getImage(areaX, areaY, width, height, target.segment, target.offset);
        if (!target.zeroCopy) {
            MemorySegment.copy(target.written, 0, target.memory, 0, bytes);
        }
        return bytes;
    }

    /** One ShmGetImage into {@code segment} at {@code offset}, waiting until the server has written it. */
    void getImage(int gx, int gy, int gw, int gh, int segment, long offset) {
        int cookie;
        try {
            cookie = (int) XcbShm.GET_IMAGE.invokeExact(conn.pointer(), drawable, (short) (gx + drawableX),
                    (short) (gy + drawableY), (short) gw, (short) gh, ALL_PLANES, Xcb.IMAGE_FORMAT_Z_PIXMAP,
                    segment, (int) offset);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        Libc.free(conn.reply(cookie, "ShmGetImage"));
    }

    @Override
    public void close() {
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
    }
}
