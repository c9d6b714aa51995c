package dev.deskdup.source.x11;

import dev.deskdup.os.Libc;

import java.lang.foreign.MemorySegment;

/**
 * Brings parts of a slot up to date from the screen. {@code ShmGetImage} of a sub-rectangle lands packed (rows of
 * {@code width * 4} bytes), so it goes into a scratch segment and its rows are copied into place; a rectangle
 * spanning the whole row width is already laid out like the slot and lands there directly. Allocation-free.
 */
final class SubImageCopier implements AutoCloseable {

    private static final int ALL_PLANES = ~0;
    /** Sub-rectangles larger than this are fetched in bands: the scratch stays small on big screens. */
    private static final long SCRATCH_MAX_BYTES = 8L << 20;

    private final X11Connection x;
    private final boolean useFd;
    private ShmSegment scratch;

    SubImageCopier(X11Connection x, boolean useFd) {
        this.x = x;
        this.useFd = useFd;
    }

    /** Sizes the scratch for an area {@code width × height}; the old scratch is freed. */
    void resize(int width, int height) {
        long rowBytes = 4L * width;
        long size = Math.max(rowBytes, Math.min((long) width * height * 4, SCRATCH_MAX_BYTES));
        if (scratch != null && scratch.memory.byteSize() == size) {
            return;
        }
        ShmSegment old = scratch;
        scratch = ShmSegment.create(x, size, useFd);
        if (old != null) {
            old.close();
        }
    }

    /**
     * Copies the screen's rectangle {@code (areaX + rx, areaY + ry, rw × rh)} into {@code target} at
     * {@code (rx, ry)}, rows {@code stride} bytes apart; {@code areaWidth} is the slot's width. Returns the bytes
     * moved into the slot.
     */
    long copy(ShmSegment target, int areaX, int areaY, int areaWidth, int stride, int rx, int ry, int rw, int rh) {
        long rowBytes = 4L * rw;
        if (rw == areaWidth && stride == 4 * areaWidth) { // whole rows: lands in place
            getImage(areaX, areaY + ry, rw, rh, target.id, (long) ry * stride);
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

    /** One ShmGetImage into {@code segment} at {@code offset}, waiting until the server has written it. */
    void getImage(int gx, int gy, int gw, int gh, int segment, long offset) {
        long reply;
        try {
            MemorySegment c = x.pointer();
            int cookie = (int) XcbShm.GET_IMAGE.invokeExact(c, x.root(), (short) gx, (short) gy, (short) gw,
                    (short) gh, ALL_PLANES, Xcb.IMAGE_FORMAT_Z_PIXMAP, segment, (int) offset);
            reply = (long) XcbShm.GET_IMAGE_REPLY_FN.invokeExact(c, cookie, x.errorOut());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (reply == 0) {
            throw x.replyFailed("ShmGetImage");
        }
        Libc.free(reply);
    }

    @Override
    public void close() {
        if (scratch != null) {
            scratch.close();
            scratch = null;
        }
    }
}
