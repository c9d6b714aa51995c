package dev.deskdup.cli.serve;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Off-heap bytes that grow when asked for more (by half again, so growth is rare) and are freed deterministically.
 * Shared arena: written by an encoder thread, read by the delivery thread and by Jetty's sending thread.
 */
final class GrowableBuffer implements AutoCloseable {

    private Arena arena;
    private MemorySegment segment;
    private ByteBuffer buffer;
    private boolean closed;

    GrowableBuffer(long initialCapacity) {
        allocate(Math.max(64, initialCapacity));
    }

    /** Makes room for at least {@code capacity} bytes; the contents are kept only up to {@code keep} bytes. */
    void ensure(long capacity, long keep) {
        if (closed) {
            throw new IllegalStateException("buffer is closed");
        }
        if (capacity <= segment.byteSize()) {
            return;
        }
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("capacity=" + capacity + " exceeds what one message can hold");
        }
        Arena oldArena = arena;
        MemorySegment old = segment;
        allocate(Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, segment.byteSize() * 3 / 2)));
        if (keep > 0) {
            MemorySegment.copy(old, 0, segment, 0, Math.min(keep, old.byteSize()));
        }
        oldArena.close();
    }

    /** The memory, as long as no {@link #ensure} grew it since. */
    MemorySegment segment() {
        return segment;
    }

    /** A little-endian direct view of all of it, as long as no {@link #ensure} grew it since. */
    ByteBuffer buffer() {
        return buffer;
    }

    long capacity() {
        return segment.byteSize();
    }

    private void allocate(long capacity) {
        arena = Arena.ofShared();
        segment = arena.allocate(capacity, 64);
        buffer = segment.asByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
