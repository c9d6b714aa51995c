package dev.deskdup.internal.os;

import java.lang.foreign.MemorySegment;

/**
 * The one segment spanning all of memory, for reading structures that native code returns as bare addresses
 * (libxcb replies and events, COM vtables and out-parameters) without making a {@code MemorySegment} per read.
 *
 * <p>Trade-off: reads through it have no bounds and no lifetime check, so a wrong offset reads (or a wrong write
 * corrupts) arbitrary memory instead of throwing. Use it only for memory a native call just handed us, at offsets
 * taken from a layout, and never for memory whose lifetime an {@code Arena} tracks (slots, views): those keep their
 * own checked segments.
 */
public final class NativeMemory {

    /** Every address, from 0 to {@code Long.MAX_VALUE}. */
    public static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private NativeMemory() {
    }
}
