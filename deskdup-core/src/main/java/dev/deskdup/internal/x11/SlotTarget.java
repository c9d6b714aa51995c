package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.Closer;
import dev.deskdup.spi.SlotMemory;

import java.lang.foreign.MemorySegment;

/**
 * Where the X server writes one slot's pixels: an MIT-SHM segment and the offset of the slot in it.
 *
 * <ul>
 * <li>The source's own memory (the usual case): a memfd or SysV segment per slot; the server writes the slot.</li>
 * <li>Memory from a {@link dev.deskdup.spi.SlotMemoryAllocator} in a file (a shared ring): the file is attached
 *     once ({@link ShmFile}) and the server writes the slot at its offset in the file: zero copy too.</li>
 * <li>Such memory where the server cannot take the file (no fd passing, or no file): the server writes into a SysV
 *     segment of our own, and each fetched rectangle is copied into the slot ({@link #zeroCopy} false).</li>
 * </ul>
 */
final class SlotTarget implements AutoCloseable {

    /** What the consumer reads: the slot's memory. */
    final MemorySegment memory;
    /** The MIT-SHM segment the server writes into. */
    final int segment;
    /** Where the slot starts in that segment. */
    final long offset;
    /** Where the server's writes land, at {@code offset}: {@link #memory} itself, or our own SysV segment. */
    final MemorySegment written;
    /** Whether the server writes the slot's memory directly (else rectangles are copied from {@link #written}). */
    final boolean zeroCopy;

    private final ShmSegment own;
    private final SlotMemory external;
    private final ShmFile file;
    private final X11Files files;

    private SlotTarget(MemorySegment memory, int segment, long offset, MemorySegment written, boolean zeroCopy,
                       ShmSegment own, SlotMemory external, ShmFile file, X11Files files) {
        this.memory = memory;
        this.segment = segment;
        this.offset = offset;
        this.written = written;
        this.zeroCopy = zeroCopy;
        this.own = own;
        this.external = external;
        this.file = file;
        this.files = files;
    }

    /** The source's own shared memory of {@code size} bytes (memfd, else SysV). */
    static SlotTarget own(X11Connection conn, long size, boolean tryFd) {
        ShmSegment shm = ShmSegment.create(conn, size, tryFd);
        return new SlotTarget(shm.memory, shm.id, 0, shm.memory, true, shm, null, null, null);
    }

    /** Slot memory someone else provides: attached by its file when possible, else through a SysV copy. */
    static SlotTarget external(X11Connection conn, SlotMemory memory, long size, boolean tryFd, X11Files files) {
        try {
            if (tryFd && memory.fd() >= 0 && memory.fileOffset() + size <= 0xFFFF_FFFFL) {
                ShmFile f = files.attach(memory.fd());
                if (f != null) {
                    return new SlotTarget(memory.segment(), f.segment, memory.fileOffset(), memory.segment(), true,
                            null, memory, f, files);
                }
            }
            ShmSegment shm = ShmSegment.create(conn, size, false);
            return new SlotTarget(memory.segment(), shm.id, 0, shm.memory, false, shm, memory, null, null);
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
    }

    /** Whether the server could be handed memfds (only meaningful for the source's own memory). */
    boolean fdPassing() {
        return own != null ? own.fdPassing : file != null;
    }

    @Override
    public void close() {
        Closer closer = new Closer();
        if (own != null) {
            closer.run(own::close);
        }
        if (file != null) {
            closer.run(() -> files.release(file));
        }
        if (external != null) {
            closer.run(external::close);
        }
        closer.finish();
    }
}
