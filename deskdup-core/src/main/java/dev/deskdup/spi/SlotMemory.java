package dev.deskdup.spi;

import java.lang.foreign.MemorySegment;

/**
 * Memory for one slot's pixels that someone other than the source provides (see {@link SlotMemoryAllocator}), e.g.
 * a region of a shared ring file that other processes map. When it lives in a file, the source may hand the file to
 * the OS so that the OS writes the pixels there directly (X11: {@code xcb_shm_attach_fd} once per file, then
 * {@code ShmGetImage} at {@link #fileOffset()}).
 */
public interface SlotMemory extends AutoCloseable {

    /** The writable memory: page-aligned, at least {@code stride * height} bytes as allocated. */
    MemorySegment segment();

    /** A file descriptor of the file holding the memory, or -1 when it is not in a file that can be shared. */
    int fd();

    /** Where {@link #segment()} starts in that file (page-aligned); 0 when {@link #fd()} is -1. */
    long fileOffset();

    /** The length of that whole file, for attaching it once; 0 when {@link #fd()} is -1. */
    long fileLength();

    /** The slot no longer uses this memory (it was rebuilt at another size, or the capture closed). */
    @Override
    void close();
}
