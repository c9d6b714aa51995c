package dev.deskdup.frame;

import java.lang.foreign.MemorySegment;

/**
 * The cursor as a source saw it for one frame: where, whether visible, and its shape (premultiplied ARGB, one
 * {@code int} per pixel, rows packed). Written by the source while the slot is being filled; read through
 * {@link dev.deskdup.Frame}'s cursor accessors. The shape segment is only replaced when the shape changes.
 */
public final class SlotCursor {

    int x;
    int y;
    boolean visible;
    boolean shapeChanged;
    int width;
    int height;
    int hotspotX;
    int hotspotY;
    long serial;
    MemorySegment pixels = MemorySegment.NULL;

    /** Position of the hotspot in frame coordinates, and whether it lies within the frame. */
    public void position(int x, int y, boolean visible) {
        this.x = x;
        this.y = y;
        this.visible = visible;
    }

    /** A new shape; {@code pixels} must be read-only and hold {@code width * height * 4} bytes. */
    public void shape(long serial, int width, int height, int hotspotX, int hotspotY, MemorySegment pixels) {
        this.serial = serial;
        this.width = width;
        this.height = height;
        this.hotspotX = hotspotX;
        this.hotspotY = hotspotY;
        this.pixels = pixels;
    }

    public void shapeChanged(boolean changed) {
        this.shapeChanged = changed;
    }

    /** The "shape changed" flag as set for this frame. */
    public boolean shapeChangedRaw() {
        return shapeChanged;
    }

    /** Serial of the shape held (0: none yet). */
    public long serial() {
        return serial;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public boolean visible() {
        return visible;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int hotspotX() {
        return hotspotX;
    }

    public int hotspotY() {
        return hotspotY;
    }

    public MemorySegment pixels() {
        return pixels;
    }

    /** Forgets everything (no cursor mode, or after a slot is rebuilt). */
    public void clear() {
        x = 0;
        y = 0;
        visible = false;
        shapeChanged = false;
        width = 0;
        height = 0;
        hotspotX = 0;
        hotspotY = 0;
        serial = 0;
        pixels = MemorySegment.NULL;
    }
}
