package dev.deskdup.cli.serve;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The viewers connected now, as an array replaced on every join or leave (rare), so the frame path reads one
 * volatile field and allocates nothing. A viewer that left is kept in {@link #retired} until the delivery thread
 * sees that Jetty no longer writes from its buffer, then freed there.
 */
final class ViewerRegistry {

    private static final Viewer[] NONE = new Viewer[0];

    private final AtomicInteger ids = new AtomicInteger();
    private volatile Viewer[] viewers = NONE;
    private final List<Viewer> retired = new ArrayList<>();
    private final int maxViewers;

    ViewerRegistry(int maxViewers) {
        this.maxViewers = maxViewers;
    }

    int nextId() {
        return ids.incrementAndGet();
    }

    /** Adds a viewer; false when {@code maxViewers} are already connected. */
    synchronized boolean add(Viewer viewer) {
        if (viewers.length >= maxViewers) {
            return false;
        }
        Viewer[] next = Arrays.copyOf(viewers, viewers.length + 1);
        next[viewers.length] = viewer;
        viewers = next;
        return true;
    }

    synchronized void remove(Viewer viewer) {
        viewer.markClosed();
        int at = -1;
        for (int i = 0; i < viewers.length; i++) {
            if (viewers[i] == viewer) {
                at = i;
            }
        }
        if (at < 0) {
            return;
        }
        Viewer[] next = new Viewer[viewers.length - 1];
        System.arraycopy(viewers, 0, next, 0, at);
        System.arraycopy(viewers, at + 1, next, at, viewers.length - at - 1);
        viewers = next;
        retired.add(viewer);
    }

    /** The viewers now (do not modify the array). */
    Viewer[] snapshot() {
        return viewers;
    }

    /** Frees the buffers of viewers that left and that Jetty no longer writes from. Delivery thread. */
    synchronized void freeRetired() {
        if (retired.isEmpty()) {
            return;
        }
        retired.removeIf(v -> {
            if (v.writing()) {
                return false;
            }
            v.free();
            return true;
        });
    }

    /** Frees every viewer's buffer: only when the capture and Jetty have stopped. */
    synchronized void freeAll() {
        for (Viewer v : viewers) {
            v.free();
        }
        for (Viewer v : retired) {
            v.free();
        }
        viewers = NONE;
        retired.clear();
    }
}
