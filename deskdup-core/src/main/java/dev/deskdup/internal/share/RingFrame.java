package dev.deskdup.internal.share;

import dev.deskdup.Frame;
import dev.deskdup.PixelFormat;

import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * The reusable read-only {@link Frame} view over one slot of a ring a reader mapped. Its facts are read once per
 * lease from the slot header (stable while the lease holds); its pixels are a read-only mapping of the slot.
 */
final class RingFrame implements Frame {

    private final ReaderGeneration ring;
    private final int slot;
    private final MemorySegment pixels;
    private final int[] rects = new int[4 * MAX_DIRTY_RECTS];
    private SharedRingReader owner;
    private boolean held;
    private long sequenceValue;
    private long leaseNumber;
    private long number;
    private long timestampNanos;
    private long serverTimeMillis;
    private int flags;
    private int rectCount;
    private int cursorX;
    private int cursorY;
    private boolean sizeChanged;

    RingFrame(ReaderGeneration ring, int slot, MemorySegment pixels) {
        this.ring = ring;
        this.slot = slot;
        this.pixels = pixels;
    }

    /** Reads the slot's facts; called right after the lease was validated. */
    void load(long sequenceValue, long leaseNumber) {
        MemorySegment m = ring.meta;
        long base = slotHeaderOffset(slot);
        this.sequenceValue = sequenceValue;
        this.leaseNumber = leaseNumber;
        this.number = m.get(LONG, base + SLOT_FRAME_NUMBER_OFFSET);
        this.timestampNanos = m.get(LONG, base + SLOT_TIMESTAMP_OFFSET);
        this.serverTimeMillis = m.get(LONG, base + SLOT_SERVER_TIME_OFFSET);
        this.flags = m.get(INT, base + SLOT_FLAGS_OFFSET);
        this.rectCount = Math.min(Math.max(0, m.get(INT, base + SLOT_DIRTY_COUNT_OFFSET)), MAX_DIRTY_RECTS);
        this.cursorX = m.get(INT, base + SLOT_CURSOR_X_OFFSET);
        this.cursorY = m.get(INT, base + SLOT_CURSOR_Y_OFFSET);
        for (int i = 0; i < 4 * rectCount; i++) {
            rects[i] = m.get(INT, base + SLOT_RECTS_OFFSET + 4L * i);
        }
    }

    /** The frame number just loaded (before the frame is handed out). */
    long loadedNumber() {
        return number;
    }

    /** Ends a lease that was validated but not handed out (the frame was not new). */
    void abandon() {
        ring.dropLease(leaseNumber);
    }

    /** Hands the loaded frame out. */
    void hold(SharedRingReader owner, boolean sizeChanged) {
        this.owner = owner;
        this.sizeChanged = sizeChanged || (flags & FLAG_SIZE_CHANGED) != 0;
        this.held = true;
    }

    /** The reader or its generation closed: the view is dead. */
    void invalidate() {
        held = false;
    }

    private void checkHeld() {
        if (!held) {
            throw new IllegalStateException("frame sequence=" + number + " of ring name=" + ring.name
                    + " was released (or its reader closed); frames are valid until released");
        }
    }

    @Override
    public long sequence() {
        checkHeld();
        return number;
    }

    @Override
    public long timestampNanos() {
        checkHeld();
        return timestampNanos;
    }

    @Override
    public int width() {
        checkHeld();
        return ring.width;
    }

    @Override
    public int height() {
        checkHeld();
        return ring.height;
    }

    @Override
    public int stride() {
        checkHeld();
        return ring.stride;
    }

    @Override
    public PixelFormat format() {
        return PixelFormat.BGRA;
    }

    @Override
    public MemorySegment pixels() {
        checkHeld();
        return pixels;
    }

    @Override
    public int dirtyRectCount() {
        checkHeld();
        return rectCount;
    }

    private int rect(int index, int field) {
        checkHeld();
        if (index < 0 || index >= rectCount) {
            throw new IndexOutOfBoundsException("dirty rect index=" + index + " of dirtyRectCount=" + rectCount);
        }
        return rects[4 * index + field];
    }

    @Override
    public int dirtyRectX(int index) {
        return rect(index, 0);
    }

    @Override
    public int dirtyRectY(int index) {
        return rect(index, 1);
    }

    @Override
    public int dirtyRectWidth(int index) {
        return rect(index, 2);
    }

    @Override
    public int dirtyRectHeight(int index) {
        return rect(index, 3);
    }

    @Override
    public boolean sizeChanged() {
        checkHeld();
        return sizeChanged;
    }

    @Override
    public boolean isRepeat() {
        checkHeld();
        return (flags & FLAG_REPEAT) != 0;
    }

    @Override
    public long serverTimeMillis() {
        checkHeld();
        return serverTimeMillis;
    }

    @Override
    public boolean cursorVisible() {
        checkHeld();
        return (flags & FLAG_CURSOR_VISIBLE) != 0;
    }

    @Override
    public int cursorX() {
        checkHeld();
        return cursorX;
    }

    @Override
    public int cursorY() {
        checkHeld();
        return cursorY;
    }

    // The cursor's shape does not travel through the ring (its position and visibility do).

    @Override
    public boolean cursorShapeChanged() {
        checkHeld();
        return false;
    }

    @Override
    public int cursorWidth() {
        checkHeld();
        return 0;
    }

    @Override
    public int cursorHeight() {
        checkHeld();
        return 0;
    }

    @Override
    public int cursorHotspotX() {
        checkHeld();
        return 0;
    }

    @Override
    public int cursorHotspotY() {
        checkHeld();
        return 0;
    }

    @Override
    public MemorySegment cursorPixels() {
        checkHeld();
        return MemorySegment.NULL;
    }

    /** Held, not revoked, and the slot was not rewritten: the pixels are the frame's. */
    @Override
    public boolean isValid() {
        return held && intact();
    }

    /**
     * The lease was not revoked and the slot was not rewritten. {@code sequenceValue + 1} is the producer trying to
     * take the slot back: it sees the lease and restores the sequence without writing, so it does not count.
     */
    private boolean intact() {
        long seq = (long) LONG_HANDLE.getVolatile(ring.meta, slotHeaderOffset(slot) + SLOT_SEQUENCE_OFFSET);
        return (seq == sequenceValue || seq == sequenceValue + 1) && ring.revoked() < leaseNumber;
    }

    @Override
    public void release() {
        if (!held) {
            throw new IllegalStateException("frame sequence=" + number + " of ring name=" + ring.name
                    + " was already released");
        }
        held = false;
        boolean lost = !intact();
        ring.endLease(leaseNumber, lost);
        owner.released(this, lost);
    }

    @Override
    public void close() {
        if (held) {
            release();
        }
    }
}
