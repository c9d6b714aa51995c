package dev.deskdup.internal.ring;

import dev.deskdup.Frame;
import dev.deskdup.PixelFormat;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The consumer's view of one {@link Slot}: preallocated with the slot and reused for every frame in it, so handing
 * a frame out allocates nothing. It holds the slot privately and offers only {@link Frame}'s methods, none of which
 * writes: no cast and no public method leads from a frame to the slot's writable memory or to its metadata.
 *
 * <p>Every accessor first reads the slot's state (an acquire load, see {@link Slot}): a released frame, or a frame
 * of a closed capture, throws {@link IllegalStateException} instead of reading what belongs to a later frame.
 */
final class SlotFrame implements Frame {

    private final Slot slot;
    /** A ByteBuffer over the slot's view, made on the first copy into a direct buffer after each (re)bind. */
    private ByteBuffer viewBuffer;
    private MemorySegment viewBufferOf;

    SlotFrame(Slot slot) {
        this.slot = slot;
    }

    private Slot held() {
        Slot s = slot;
        if (!s.isHeld()) {
            throw s.notHeld();
        }
        return s;
    }

    @Override
    public long sequence() {
        return held().sequence;
    }

    @Override
    public long timestampNanos() {
        return held().timestampNanos;
    }

    @Override
    public int width() {
        return held().width;
    }

    @Override
    public int height() {
        return held().height;
    }

    @Override
    public int stride() {
        return held().stride;
    }

    @Override
    public PixelFormat format() {
        held();
        return PixelFormat.BGRA;
    }

    @Override
    public MemorySegment pixels() {
        return held().view;
    }

    @Override
    public int dirtyRectCount() {
        return held().dirty.count();
    }

    private Slot heldWithRect(int index) {
        Slot s = held();
        if (index < 0 || index >= s.dirty.count()) {
            throw new IndexOutOfBoundsException("dirty rect index=" + index + " but dirtyRectCount="
                    + s.dirty.count());
        }
        return s;
    }

    @Override
    public int dirtyRectX(int index) {
        return heldWithRect(index).dirty.x(index);
    }

    @Override
    public int dirtyRectY(int index) {
        return heldWithRect(index).dirty.y(index);
    }

    @Override
    public int dirtyRectWidth(int index) {
        return heldWithRect(index).dirty.width(index);
    }

    @Override
    public int dirtyRectHeight(int index) {
        return heldWithRect(index).dirty.height(index);
    }

    @Override
    public boolean sizeChanged() {
        return held().sizeChanged;
    }

    @Override
    public boolean isRepeat() {
        return held().repeat;
    }

    @Override
    public long serverTimeMillis() {
        return held().serverTimeMillis;
    }

    @Override
    public boolean cursorVisible() {
        return held().cursor.visible;
    }

    @Override
    public int cursorX() {
        return held().cursor.x;
    }

    @Override
    public int cursorY() {
        return held().cursor.y;
    }

    @Override
    public boolean cursorShapeChanged() {
        return held().cursor.shapeChanged;
    }

    @Override
    public int cursorWidth() {
        return held().cursor.width;
    }

    @Override
    public int cursorHeight() {
        return held().cursor.height;
    }

    @Override
    public int cursorHotspotX() {
        return held().cursor.hotspotX;
    }

    @Override
    public int cursorHotspotY() {
        return held().cursor.hotspotY;
    }

    @Override
    public MemorySegment cursorPixels() {
        return held().cursor.pixels;
    }

    /** Into a direct buffer: bulk copies from a buffer view of the slot made once per bind, not per call. */
    @Override
    public void copyTo(ByteBuffer dst) {
        Slot s = held();
        if (!dst.isDirect() || dst.isReadOnly()) {
            Frame.super.copyTo(dst);
            return;
        }
        int row = 4 * s.width;
        long needed = (long) row * s.height;
        if (dst.remaining() < needed) {
            throw new IllegalArgumentException("dst.remaining=" + dst.remaining() + " is too small for "
                    + s.width + "x" + s.height + " BGRA (needs " + needed + " bytes)");
        }
        if (viewBufferOf != s.view) {
            viewBuffer = s.view.asByteBuffer();
            viewBufferOf = s.view;
        }
        int start = dst.position();
        if (s.stride == row) {
            dst.put(start, viewBuffer, 0, (int) needed); // packed already: one bulk copy
        } else {
            for (int y = 0; y < s.height; y++) {
                dst.put(start + y * row, viewBuffer, y * s.stride, row);
            }
        }
        dst.position(start + (int) needed);
    }

    @Override
    public boolean isValid() {
        return slot.isHeld();
    }

    @Override
    public void release() {
        slot.release();
    }

    @Override
    public void close() {
        if (slot.isHeld()) {
            slot.release();
        }
    }

    @Override
    public String toString() {
        Slot s = slot;
        return "Frame[sequence=" + s.sequence + ", " + s.width + "x" + s.height + ", "
                + (s.isHeld() ? "HELD" : s.state() == Slot.CLOSED ? "CLOSED" : "RELEASED") + "]";
    }
}
