package dev.deskdup.spi;

/**
 * A bounded set of rectangles ({@code x, y, width, height}) kept in one preallocated {@code int[]}: what changed in
 * a frame, or what a slot is behind on. Allocation-free.
 *
 * <p>Coalescing: a rectangle inside another is dropped; two whose bounding box is no larger than their two areas
 * together (touching or mostly overlapping) become that box. Past {@code capacity} rectangles the set collapses
 * into its bounding box, so it never grows and never forgets an area (it may only over-cover).
 */
public final class RectSet {

    private final int[] r;
    private final int capacity;
    private int count;

    public RectSet(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be >= 1");
        }
        this.capacity = capacity;
        this.r = new int[4 * capacity];
    }

    public int count() {
        return count;
    }

    public int capacity() {
        return capacity;
    }

    public int x(int i) {
        return r[4 * i];
    }

    public int y(int i) {
        return r[4 * i + 1];
    }

    public int width(int i) {
        return r[4 * i + 2];
    }

    public int height(int i) {
        return r[4 * i + 3];
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public void clear() {
        count = 0;
    }

    /** Makes the set exactly one rectangle. */
    public void set(int x, int y, int w, int h) {
        count = 0;
        add(x, y, w, h);
    }

    /** Total area covered, counting overlaps twice (an upper bound of the pixels). */
    public long area() {
        long a = 0;
        for (int i = 0; i < count; i++) {
            a += (long) r[4 * i + 2] * r[4 * i + 3];
        }
        return a;
    }

    /** Adds every rectangle of {@code other}. */
    public void addAll(RectSet other) {
        for (int i = 0; i < other.count; i++) {
            add(other.x(i), other.y(i), other.width(i), other.height(i));
        }
    }

    /** Adds the part of the rectangle inside {@code [0, clipW) × [0, clipH)}. */
    public void addClipped(int x, int y, int w, int h, int clipW, int clipH) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(clipW, x + w);
        int y1 = Math.min(clipH, y + h);
        add(x0, y0, x1 - x0, y1 - y0);
    }

    public void add(int x, int y, int w, int h) {
        if (w <= 0 || h <= 0) {
            return;
        }
        // Merge with whatever it touches or mostly overlaps until nothing more merges.
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < count; i++) {
                int o = 4 * i;
                int ax = r[o], ay = r[o + 1], aw = r[o + 2], ah = r[o + 3];
                if (x >= ax && y >= ay && x + w <= ax + aw && y + h <= ay + ah) {
                    return; // already covered
                }
                int ux = Math.min(x, ax), uy = Math.min(y, ay);
                int ur = Math.max(x + w, ax + aw), ub = Math.max(y + h, ay + ah);
                long union = (long) (ur - ux) * (ub - uy);
                if (union <= (long) w * h + (long) aw * ah) {
                    removeAt(i);
                    x = ux;
                    y = uy;
                    w = ur - ux;
                    h = ub - uy;
                    merged = true;
                    break;
                }
            }
        }
        if (count == capacity) {
            collapse(x, y, w, h);
            return;
        }
        int o = 4 * count++;
        r[o] = x;
        r[o + 1] = y;
        r[o + 2] = w;
        r[o + 3] = h;
    }

    private void removeAt(int i) {
        int last = 4 * (count - 1);
        int o = 4 * i;
        r[o] = r[last];
        r[o + 1] = r[last + 1];
        r[o + 2] = r[last + 2];
        r[o + 3] = r[last + 3];
        count--;
    }

    /** Replaces the set by the bounding box of it and one more rectangle. */
    private void collapse(int x, int y, int w, int h) {
        int x0 = x, y0 = y, x1 = x + w, y1 = y + h;
        for (int i = 0; i < count; i++) {
            int o = 4 * i;
            x0 = Math.min(x0, r[o]);
            y0 = Math.min(y0, r[o + 1]);
            x1 = Math.max(x1, r[o] + r[o + 2]);
            y1 = Math.max(y1, r[o + 1] + r[o + 3]);
        }
        count = 1;
        r[0] = x0;
        r[1] = y0;
        r[2] = x1 - x0;
        r[3] = y1 - y0;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            b.append(i == 0 ? "" : " ").append(x(i)).append(',').append(y(i)).append(',').append(width(i))
                    .append(',').append(height(i));
        }
        return b.append(']').toString();
    }
}
