package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.MappedBuffer;
import dev.deskdup.internal.pipewire.SpaBuffers;
import dev.deskdup.internal.pipewire.VideoParams;

import java.lang.foreign.MemorySegment;

/**
 * deskdup's state of one PipeWire buffer: its memory mapped once (see {@link MappedBuffer}), its metadata
 * pointers, the format generation it was made for, and who holds it. Guarded by the loop lock: touched by the loop
 * thread (add, remove, process) and by the filling thread (fill, release) only while holding it.
 *
 * <p>A buffer dequeued from PipeWire is given back ({@code pw_stream_queue_buffer}) only when nobody holds it:
 * not a slot whose frame the consumer has, nor the source keeping the newest frame for repeats.
 */
final class StreamBuffer {

    final int index;
    final long pwBuffer;
    final long spaBuffer;
    final long data;
    final MappedBuffer mapped;
    final int generation;
    final int width;
    final int height;
    /** {@code struct spa_meta *} of each metadata, 0 when the buffer has none. */
    final long header;
    final long damage;
    final long crop;
    final long cursor;

    /** Slots (and the source's newest-frame reference) holding it; while above 0 it stays dequeued. */
    int holders;
    /** PipeWire removed it (renegotiation, close): never queue it again. */
    boolean removed;

    // The consumer's view for the chunk offset, stride and crop seen last: made again only when they change.
    private MemorySegment view;
    private long viewOffset = -1;
    private long viewLength;

    StreamBuffer(int index, long pwBuffer, MappedBuffer mapped, int generation, int width, int height) {
        this.index = index;
        this.pwBuffer = pwBuffer;
        this.spaBuffer = SpaBuffers.spaBuffer(pwBuffer);
        this.data = SpaBuffers.data0(spaBuffer);
        this.mapped = mapped;
        this.generation = generation;
        this.width = width;
        this.height = height;
        this.header = SpaBuffers.findMeta(spaBuffer, VideoParams.META_HEADER);
        this.damage = SpaBuffers.findMeta(spaBuffer, VideoParams.META_VIDEO_DAMAGE);
        this.crop = SpaBuffers.findMeta(spaBuffer, VideoParams.META_VIDEO_CROP);
        this.cursor = SpaBuffers.findMeta(spaBuffer, VideoParams.META_CURSOR);
    }

    /**
     * The read-only view starting at {@code offset} bytes of {@code length}; the same object as last time when
     * both are unchanged (the steady state: no allocation per frame).
     *
     * @throws IllegalArgumentException when the range lies outside the buffer (a producer's bad chunk)
     */
    MemorySegment view(long offset, long length) {
        if (offset != viewOffset || length != viewLength) {
            MemorySegment whole = mapped.view();
            if (offset < 0 || length < 0 || offset + length > whole.byteSize()) {
                throw new IllegalArgumentException("PipeWire buffer chunk offset=" + offset + " length=" + length
                        + " exceeds the buffer's " + whole.byteSize() + " bytes");
            }
            view = whole.asSlice(offset, length);
            viewOffset = offset;
            viewLength = length;
        }
        return view;
    }

    /** Whether its pixels can still be shown (not unmapped). */
    boolean readable() {
        return !removed || mapped.outlivesRemoval();
    }
}
