package dev.deskdup.spi;

import java.lang.foreign.MemorySegment;

/**
 * The cursor a source saw for one frame: where its hotspot is, whether it lies within the frame, and its shape
 * (premultiplied ARGB, one little-endian {@code int} per pixel, rows packed). The shape is kept per slot and only
 * replaced when it changes, so a steady cursor costs nothing per frame.
 */
public interface CursorWriter {

    /**
     * The hotspot in frame coordinates, and whether it is visible in this frame (within it, and the cursor shown).
     * Sources whose OS reports the image's top-left (DXGI) add the hotspot offset first.
     */
    void position(int x, int y, boolean visible);

    /**
     * A new shape. {@code pixels} must be read-only, hold {@code width * height * 4} bytes and stay valid until the
     * next shape is set or the capture closes.
     *
     * @param serial the source's identity of this shape: equal serials mean the same image
     */
    void shape(long serial, int width, int height, int hotspotX, int hotspotY, MemorySegment pixels);

    /** Whether this frame is the first to carry the current shape (set by the source when it changed). */
    void shapeChanged(boolean changed);

    /** The serial of the shape held by this slot (0: none yet). */
    long serial();

    /** Forgets position and shape (no cursor tracked, or after the slot was rebuilt). */
    void clear();
}
