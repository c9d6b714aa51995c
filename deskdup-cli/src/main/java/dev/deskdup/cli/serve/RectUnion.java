package dev.deskdup.cli.serve;

/**
 * A union of rectangles with a fixed capacity and no allocation: what a viewer has not been sent yet. Overlapping or
 * touching rectangles are merged into their bounding box; when the set is full, the two whose bounding box adds the
 * least area are merged. So the union may cover a little more than what changed (never less), and its size is
 * bounded however long a viewer stalls.
 */
final class RectUnion {

    private final int capacity;
    private final int[] x;
    private final int[] y;
    private final int[] w;
    private final int[] h;
    private int count;

    RectUnion(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be at least 1");
        }
        this.capacity = capacity;
        this.x = new int[capacity + 1];
        this.y = new int[capacity + 1];
        this.w = new int[capacity + 1];
        this.h = new int[capacity + 1];
    }

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int x(int i) {
        return x[i];
    }

    int y(int i) {
        return y[i];
    }

    int width(int i) {
        return w[i];
    }

    int height(int i) {
        return h[i];
    }

    void clear() {
        count = 0;
    }

    /** Makes the union exactly one rectangle {@code 0,0,width,height}. */
    void setFull(int width, int height) {
        count = 0;
        add(0, 0, width, height);
    }

    /** Adds a rectangle (empty ones are ignored). */
    void add(int rx, int ry, int rw, int rh) {
        if (rw <= 0 || rh <= 0) {
            return;
        }
        x[count] = rx;
        y[count] = ry;
        w[count] = rw;
        h[count] = rh;
        count++;
        absorb(count - 1);
        if (count > capacity) {
            mergeCheapestPair();
        }
    }

    /** Adds every rectangle of {@code other}. */
    void addAll(RectUnion other) {
        for (int i = 0; i < other.count; i++) {
            add(other.x[i], other.y[i], other.w[i], other.h[i]);
        }
    }

    /** Total area of the rectangles (they do not overlap after merging, so this is the area covered). */
    long area() {
        long a = 0;
        for (int i = 0; i < count; i++) {
            a += (long) w[i] * h[i];
        }
        return a;
    }

    /** Same rectangles in the same order. */
    boolean sameAs(RectUnion other) {
        if (other.count != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (x[i] != other.x[i] || y[i] != other.y[i] || w[i] != other.w[i] || h[i] != other.h[i]) {
                return false;
            }
        }
        return true;
    }

    /** Merges rectangle {@code i} with every rectangle it touches, repeatedly, until none touch it. */
    private void absorb(int i) {
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int j = 0; j < count; j++) {
                if (j != i && touches(i, j)) {
                    mergeInto(i, j);
                    removeAt(j);
                    if (j < i) {
                        i--;
                    }
                    merged = true;
                    break;
                }
            }
        }
    }

    private boolean touches(int i, int j) {
        return x[i] <= x[j] + w[j] && x[j] <= x[i] + w[i] && y[i] <= y[j] + h[j] && y[j] <= y[i] + h[i];
    }

    /** Rectangle {@code i} becomes the bounding box of {@code i} and {@code j}. */
    private void mergeInto(int i, int j) {
        int left = Math.min(x[i], x[j]);
        int top = Math.min(y[i], y[j]);
        int right = Math.max(x[i] + w[i], x[j] + w[j]);
        int bottom = Math.max(y[i] + h[i], y[j] + h[j]);
        x[i] = left;
        y[i] = top;
        w[i] = right - left;
        h[i] = bottom - top;
    }

    private void removeAt(int j) {
        count--;
        for (int k = j; k < count; k++) {
            x[k] = x[k + 1];
            y[k] = y[k + 1];
            w[k] = w[k + 1];
            h[k] = h[k + 1];
        }
    }

    private void mergeCheapestPair() {
        int bestI = 0;
        int bestJ = 1;
        long bestGrowth = Long.MAX_VALUE;
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                long left = Math.min(x[i], x[j]);
                long top = Math.min(y[i], y[j]);
                long right = Math.max(x[i] + w[i], x[j] + w[j]);
                long bottom = Math.max(y[i] + h[i], y[j] + h[j]);
                long growth = (right - left) * (bottom - top) - (long) w[i] * h[i] - (long) w[j] * h[j];
                if (growth < bestGrowth) {
                    bestGrowth = growth;
                    bestI = i;
                    bestJ = j;
                }
            }
        }
        mergeInto(bestI, bestJ);
        removeAt(bestJ);
        absorb(bestI);   // bestI < bestJ: removing bestJ did not move it
    }
}
