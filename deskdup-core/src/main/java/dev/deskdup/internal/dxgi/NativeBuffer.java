package dev.deskdup.internal.dxgi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A native buffer that grows when DXGI says MORE_DATA; never shrinks, never reallocated per frame. */
final class NativeBuffer implements AutoCloseable {

    private Arena arena;
    private MemorySegment segment;
    long address;
    int size;

    NativeBuffer(int initialSize) {
        grow(initialSize);
    }

    /** Makes room for at least {@code required} bytes (contents are not kept). */
    void grow(int required) {
        if (segment != null && required <= size) {
            return;
        }
        int newSize = Math.max(required, size * 2);
        Arena next = Arena.ofShared();
        MemorySegment s = next.allocate(newSize, 16);
        close();
        arena = next;
        segment = s;
        address = s.address();
        size = newSize;
    }

    MemorySegment segment() {
        return segment;
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}
