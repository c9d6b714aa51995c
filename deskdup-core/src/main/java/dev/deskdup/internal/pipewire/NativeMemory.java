package dev.deskdup.internal.pipewire;

import java.lang.foreign.MemorySegment;

/**
 * One segment spanning all of memory, for reading PipeWire's structures at raw addresses on the frame path
 * without creating a segment per read. Every address read through it comes from PipeWire itself (a buffer, a meta,
 * a chunk it handed us), never from a computation on untrusted input without a bound.
 *
 * <p>Kept here until the os package, which will own the one such segment, is reorganised.
 */
final class NativeMemory {

    private NativeMemory() {
    }

    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
}
