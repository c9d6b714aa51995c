package dev.deskdup.internal.ring;

import dev.deskdup.spi.CursorWriter;

import java.lang.foreign.MemorySegment;

/**
 * The cursor of one slot's frame: written by the source through {@link CursorWriter} while it fills the slot,
 * read through the frame view's cursor accessors. The shape segment is replaced only when the shape changes.
 */
final class SlotCursor implements CursorWriter {

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

    @Override
    public void position(int x, int y, boolean visible) {
        this.x = x;
        this.y = y;
        this.visible = visible;
    }

    @Override
    public void shape(long serial, int width, int height, int hotspotX, int hotspotY, MemorySegment pixels) {
        if (!pixels.isReadOnly() && pixels.address() != 0) {
            throw new IllegalArgumentException("cursor shape serial=" + serial + ": the pixels handed to consumers "
                    + "must be a read-only segment");
        }
        this.serial = serial;
        this.width = width;
        this.height = height;
        this.hotspotX = hotspotX;
        this.hotspotY = hotspotY;
        this.pixels = pixels;
    }

    @Override
    public void shapeChanged(boolean changed) {
        this.shapeChanged = changed;
    }

    @Override
    public long serial() {
        return serial;
    }

    @Override
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
