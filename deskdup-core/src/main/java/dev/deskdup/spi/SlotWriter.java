package dev.deskdup.spi;

import java.lang.foreign.MemorySegment;

/**
 * What a {@link CaptureSource} may do to one slot of the ring: give it memory, and describe the frame it wrote into
 * it. This is the source's side of a slot; the consumer sees the same slot only through a read-only
 * {@link dev.deskdup.Frame} view, and nothing of this interface is reachable from that view.
 *
 * <p>Called only on the thread that fills slots (see {@link CaptureSource}), between the ring claiming the slot and
 * publishing it. The ring clears the per-frame facts (dirty rectangles, repeat, cursor flags, bytes written) before
 * each fill; a source sets what applies.
 */
public interface SlotWriter {

    /** At most this many dirty rectangles are kept per frame; more collapse into one bounding box. */
    int MAX_DIRTY_RECTS = 16;

    /** The slot's position in the ring, from 0: a stable index for per-slot state kept by the source. */
    int index();

    /**
     * Gives the slot its memory and geometry (on attach, and again after a resize). {@code memory} must hold at
     * least {@code stride * (height - 1) + width * 4} bytes; the read-only view handed to consumers is made here,
     * once, not per frame.
     *
     * @throws IllegalArgumentException when the memory is too small for the geometry
     */
    void bind(MemorySegment memory, int width, int height, int stride);

    /**
     * As {@link #bind(MemorySegment, int, int, int)}, with the consumer's read-only view made by the source
     * beforehand: for sources whose slots point at a different buffer of the OS for each frame (PipeWire hands out
     * its own buffers), which prepare one view per buffer once and rebind per frame without allocating.
     *
     * @param readOnlyView a read-only segment over the same bytes as {@code memory}, at least as large as the
     *                     frame ({@link MemorySegment#isReadOnly()} must be true)
     * @throws IllegalArgumentException when the view is writable or either segment is too small
     */
    void bind(MemorySegment memory, MemorySegment readOnlyView, int width, int height, int stride);

    /** The memory bound to the slot, writable: where the source (or the OS on its behalf) writes the pixels. */
    MemorySegment memory();

    /** Width of the bound geometry, in pixels. */
    int width();

    /** Height of the bound geometry, in pixels. */
    int height();

    /** Bytes from one row to the next in {@link #memory()}. */
    int stride();

    /** This frame's dirty rectangles, in frame coordinates (empty at the start of each fill). */
    RectSet dirty();

    /** Marks the whole frame dirty. */
    default void setFullyDirty() {
        dirty().set(0, 0, width(), height());
    }

    /** Adds a changed rectangle (coalesced with those it touches; past {@link #MAX_DIRTY_RECTS}, a bounding box). */
    default void addDirty(int x, int y, int width, int height) {
        dirty().add(x, y, width, height);
    }

    /**
     * Marks the frame as a repeat of the previous one: nothing changed, it is delivered to keep a cadence. Set by
     * {@link CaptureSource#fillRepeat}; the ring clears it when dirty rectangles are added after all.
     */
    void repeat(boolean repeat);

    /** The OS's timestamp of the newest change in this frame, in milliseconds of its clock; 0 when unknown. */
    void serverTimeMillis(long millis);

    /** When the pixels were complete, in the capture's {@link NanoClock} time. */
    void timestampNanos(long nanos);

    /** How many bytes the source (or the OS for it) moved into the slot for this frame; counted by the ring. */
    void bytesWritten(long bytes);

    /** The cursor as seen for this frame. */
    CursorWriter cursor();
}
