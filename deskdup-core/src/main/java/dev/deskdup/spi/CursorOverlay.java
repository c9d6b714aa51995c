package dev.deskdup.spi;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The bookkeeping of a pointer drawn into the frame ({@code CursorMode.COMPOSITED}), shared by the sources that
 * draw it themselves: where the pointer lands in the slot, clipped; which rectangles become dirty when it moves or
 * changes shape (where it is now and where it was in the previous frame); the premultiplied blend.
 *
 * <p>Undo is the source's debt: the drawn rectangle is owed by the slot ({@link SlotDebt#owe}), so the next fill of
 * that slot copies those pixels from the pointer-free image again before the pointer is drawn at its new place.
 *
 * <pre>{@code
 * if (overlay.place(slot, left, top, shapeWidth, shapeHeight, visible, shapeChanged, fullyDirty)) {
 *     bytes += overlay.blend(argb, shapeWidth, slot, debt);   // or the source's own loop over overlay.x() ...
 * }
 * }</pre>
 *
 * <p>Not thread-safe: used on the filling thread only. Allocation-free.
 */
public final class CursorOverlay {

    private int lastX;
    private int lastY;
    private int lastW;
    private int lastH;
    private int left;
    private int top;

    /**
     * Places a {@code shapeWidth x shapeHeight} pointer image whose top-left is at {@code left, top} in the slot's
     * coordinates, and marks the slot dirty where it moved or changed (unless the slot is {@code fullyDirty} anyway).
     *
     * @return whether any part of it is to be drawn (visible and on the slot)
     */
    public boolean place(SlotWriter slot, int left, int top, int shapeWidth, int shapeHeight, boolean visible,
                         boolean shapeChanged, boolean fullyDirty) {
        int x0 = Math.max(0, left);
        int y0 = Math.max(0, top);
        int x1 = Math.min(slot.width(), left + shapeWidth);
        int y1 = Math.min(slot.height(), top + shapeHeight);
        int w = visible && x1 > x0 && y1 > y0 ? x1 - x0 : 0;
        int h = w > 0 ? y1 - y0 : 0;
        boolean changed = x0 != lastX || y0 != lastY || w != lastW || h != lastH || shapeChanged;
        if (changed && !fullyDirty) {
            slot.dirty().add(lastX, lastY, lastW, lastH);
            slot.dirty().add(x0, y0, w, h);
        }
        lastX = x0;
        lastY = y0;
        lastW = w;
        lastH = h;
        this.left = left;
        this.top = top;
        return w > 0;
    }

    /** The drawn rectangle's left edge in the slot (after {@link #place}). */
    public int x() {
        return lastX;
    }

    public int y() {
        return lastY;
    }

    public int width() {
        return lastW;
    }

    public int height() {
        return lastH;
    }

    /** Index of the shape pixel drawn at slot pixel {@code x, y} of the placed rectangle. */
    public int shapeIndex(int x, int y, int shapeWidth) {
        return (y - top) * shapeWidth + (x - left);
    }

    /**
     * Blends premultiplied ARGB shape pixels ({@code shapeWidth} per row) over the placed rectangle and adds the
     * rectangle to {@code debt}.
     *
     * @return the bytes written into the slot
     */
    public long blend(MemorySegment argb, int shapeWidth, SlotWriter slot, SlotDebt debt) {
        MemorySegment dst = slot.memory();
        int stride = slot.stride();
        for (int y = lastY; y < lastY + lastH; y++) {
            long src = 4L * shapeIndex(lastX, y, shapeWidth);
            long dstRow = (long) y * stride + 4L * lastX;
            for (int x = 0; x < lastW; x++) {
                int s = argb.get(JAVA_INT, src + 4L * x);
                if (s >>> 24 == 0) {
                    continue;
                }
                long at = dstRow + 4L * x;
                dst.set(JAVA_INT, at, over(s, dst.get(JAVA_INT, at)));
            }
        }
        return owe(debt);
    }

    /** Adds the placed rectangle to {@code debt}; returns its size in bytes. */
    public long owe(SlotDebt debt) {
        debt.owe(lastX, lastY, lastW, lastH);
        return 4L * lastW * lastH;
    }

    /** Forgets where the pointer was drawn (after a resync, when every slot is copied whole anyway). */
    public void forget() {
        lastX = 0;
        lastY = 0;
        lastW = 0;
        lastH = 0;
    }

    /**
     * A premultiplied source pixel over the destination, per channel {@code s + d * (255 - a) / 255} rounded; the
     * destination's alpha byte is kept.
     */
    public static int over(int s, int d) {
        int a = s >>> 24;
        if (a == 255) {
            return (s & 0xFFFFFF) | (d & 0xFF000000);
        }
        int inv = 255 - a;
        int b = (s & 0xFF) + ((d & 0xFF) * inv + 127) / 255;
        int g = ((s >>> 8) & 0xFF) + (((d >>> 8) & 0xFF) * inv + 127) / 255;
        int r = ((s >>> 16) & 0xFF) + (((d >>> 16) & 0xFF) * inv + 127) / 255;
        return (d & 0xFF000000) | (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
    }
}
