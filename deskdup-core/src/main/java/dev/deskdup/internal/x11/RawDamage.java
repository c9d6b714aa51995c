package dev.deskdup.internal.x11;

import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotWriter;

/**
 * A captured window's damage, from a damage object at the {@code RawRectangles} level: one DamageNotify per damaged
 * rectangle, in order with the window's structure events. Needed because Composite reports a move of a redirected
 * window as damage of the whole window ({@code compCopyWindow} calls {@code DamageDamageRegion} with the window's
 * full border region, after {@code ValidateTree} reported its newly visible parts), although not one of its pixels
 * changed. A NonEmpty damage merges that into one region with real drawing; raw rectangles keep them apart:
 *
 * <p>The server handles one request at a time, so every event a {@code ConfigureWindow} that moves the window
 * makes reaches us in one run: its ConfigureNotify, then the newly-visible parts, then the whole-window rectangle.
 * After a move ({@link #expectMove}), rectangles are held back; the whole-window one ends the run and the held ones
 * with it are dropped. Anything else ending the run first (another event, a frame being made) lets the held ones
 * through as changes: at worst a little is copied that did not change, nothing that changed is lost.
 *
 * <p>Nothing accumulates on the server (no subtract round trip): the cut between this frame and the next is the
 * last event read, and a change drawn after it is reported by its own event, copied again next frame. Rectangles are
 * kept in the pixmap's coordinates. Filling thread only; allocation-free.
 */
final class RawDamage {

    private final RectSet pending = new RectSet(SlotWriter.MAX_DIRTY_RECTS);
    private final RectSet held = new RectSet(SlotWriter.MAX_DIRTY_RECTS);
    private boolean moveExpected;
    private int fullWidth;
    private int fullHeight;

    /** The window moved: its run of damage should end with the whole pixmap, {@code width × height}. */
    void expectMove(int width, int height) {
        release();
        moveExpected = true;
        fullWidth = width;
        fullHeight = height;
    }

    /** One damaged rectangle, in pixmap coordinates. */
    void onDamage(int x, int y, int w, int h) {
        if (!moveExpected) {
            pending.add(x, y, w, h);
        } else if (x == 0 && y == 0 && w == fullWidth && h == fullHeight) {
            held.clear();            // what the move itself reported: the contents did not change
            moveExpected = false;
        } else {
            held.add(x, y, w, h);
        }
    }

    /** Any other event: the move's run (if one was expected) is over without its whole-window rectangle. */
    void onOtherEvent() {
        if (moveExpected) {
            release();
        }
    }

    boolean isDamaged() {
        return !pending.isEmpty() || !held.isEmpty();
    }

    /**
     * Adds what changed since the last call, shifted by {@code (shiftX - originX, shiftY - originY)} and clipped to
     * {@code width × height}, to {@code out}, and forgets it.
     */
    void collect(int shiftX, int shiftY, int originX, int originY, int width, int height, RectSet out) {
        release();
        if (out != null) {
            for (int i = 0; i < pending.count(); i++) {
                out.addClipped(pending.x(i) + shiftX - originX, pending.y(i) + shiftY - originY, pending.width(i),
                        pending.height(i), width, height);
            }
        }
        pending.clear();
    }

    /** Forgets everything (the pixmap was named again: the next frame is complete anyway). */
    void clear() {
        pending.clear();
        held.clear();
        moveExpected = false;
    }

    private void release() {
        pending.addAll(held);
        held.clear();
        moveExpected = false;
    }
}
