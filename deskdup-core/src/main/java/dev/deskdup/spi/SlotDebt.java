package dev.deskdup.spi;

/**
 * What one slot is behind on: the areas that changed on screen since the slot was last brought up to date. A
 * source that copies only what changed keeps one per slot; when it fills a slot it copies this frame's changes
 * <em>and</em> the slot's debt, then {@link #settle() settles} it, and adds this frame's changes to every other
 * slot's debt ({@link SlotDebts#owe}). The debt is bounded: past its capacity the areas collapse into their bounding
 * box (it may over-cover, it never forgets), and {@link #oweEverything} marks the whole frame (a resize, a resync, a
 * slot that was never filled).
 *
 * <p>Not thread-safe: used on the filling thread only. Allocation-free after construction.
 */
public final class SlotDebt {

    private final RectSet areas;
    private boolean everything = true;

    /** A debt of at most {@code capacity} rectangles, starting as "everything" (a new slot has nothing in it). */
    public SlotDebt(int capacity) {
        this.areas = new RectSet(capacity);
    }

    /** Whether the slot is behind on the whole frame. */
    public boolean isEverything() {
        return everything;
    }

    /** Whether the slot is up to date. */
    public boolean isSettled() {
        return !everything && areas.isEmpty();
    }

    /** The areas owed (empty when {@link #isEverything()}: then the whole frame is owed). */
    public RectSet areas() {
        return areas;
    }

    /** Adds changed areas to the debt. */
    public void owe(RectSet changed) {
        if (!everything) {
            areas.addAll(changed);
        }
    }

    /** Adds one changed area to the debt. */
    public void owe(int x, int y, int width, int height) {
        if (!everything) {
            areas.add(x, y, width, height);
        }
    }

    /** The slot is behind on the whole frame. */
    public void oweEverything() {
        everything = true;
        areas.clear();
    }

    /** The slot is up to date. */
    public void settle() {
        everything = false;
        areas.clear();
    }

    @Override
    public String toString() {
        return everything ? "SlotDebt[everything]" : "SlotDebt" + areas;
    }
}
