package dev.deskdup.internal.ring;

import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotWriter;

/**
 * What frames dropped under {@code Delivery.LATEST} said changed, carried into the next delivered frame so that its
 * dirty rectangles and cursor flag still describe everything since the previous <em>delivered</em> frame (a size
 * change is found by the ring itself, against the previous delivered frame). Filling thread only; allocation-free.
 */
final class DroppedChanges {

    private final RectSet dirty = new RectSet(SlotWriter.MAX_DIRTY_RECTS);
    private boolean any;
    private boolean shapeChanged;

    /** Remembers what {@code dropped} (filled, never delivered) changed. */
    void take(Slot dropped) {
        any = true;
        shapeChanged |= dropped.cursor.shapeChanged;
        dirty.addAll(dropped.dirty);
    }

    /** Adds what was carried to {@code next} (just filled) and forgets it. */
    void applyTo(Slot next) {
        if (!any) {
            return;
        }
        for (int i = 0; i < dirty.count(); i++) { // a dropped frame may have had another size: clip to this one
            next.dirty.addClipped(dirty.x(i), dirty.y(i), dirty.width(i), dirty.height(i), next.width, next.height);
        }
        if (shapeChanged) {
            next.cursor.shapeChanged(true);
        }
        if (!next.dirty.isEmpty()) {
            next.repeat = false;
        }
        any = false;
        shapeChanged = false;
        dirty.clear();
    }
}
