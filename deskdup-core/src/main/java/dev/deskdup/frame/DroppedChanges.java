package dev.deskdup.frame;

/**
 * What frames dropped under {@code Delivery.LATEST} said changed, carried into the next delivered frame so that its
 * dirty rectangles and flags still describe everything since the previous <em>delivered</em> frame. Capture thread
 * only; allocation-free.
 */
final class DroppedChanges {

    private final RectSet dirty = new RectSet(FrameSlot.MAX_DIRTY_RECTS);
    private boolean any;
    private boolean sizeChanged;
    private boolean shapeChanged;
    private int width;
    private int height;

    /** Remembers what {@code dropped} (filled, never delivered) changed. */
    void take(FrameSlot dropped) {
        if (!any) {
            width = dropped.rawWidth();
            height = dropped.rawHeight();
        } else if (width != dropped.rawWidth() || height != dropped.rawHeight()) {
            sizeChanged = true;
        }
        any = true;
        sizeChanged |= dropped.rawSizeChanged();
        shapeChanged |= dropped.cursor().shapeChangedRaw();
        dirty.addAll(dropped.dirty());
    }

    /** Adds what was carried to {@code next} (just filled) and forgets it. */
    void applyTo(FrameSlot next) {
        if (!any) {
            return;
        }
        if (sizeChanged || width != next.rawWidth() || height != next.rawHeight()) {
            next.sizeChanged(true);
            next.setFullyDirty();
        } else if (!next.rawSizeChanged()) {
            next.dirty().addAll(dirty);
        }
        if (shapeChanged) {
            next.cursor().shapeChanged(true);
        }
        if (!next.dirty().isEmpty()) {
            next.repeat(false);
        }
        clear();
    }

    void clear() {
        any = false;
        sizeChanged = false;
        shapeChanged = false;
        dirty.clear();
    }
}
