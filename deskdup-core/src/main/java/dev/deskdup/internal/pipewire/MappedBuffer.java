package dev.deskdup.internal.pipewire;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The pixels of one PipeWire buffer as a read-only segment, made once when the buffer is added:
 * <ul>
 * <li>{@code MemFd}: deskdup maps the fd itself (read-only, shared). The mapping is ours, so it outlives PipeWire's
 *     own use of the buffer: a frame the consumer still holds when PipeWire removes the buffer (renegotiation,
 *     close) keeps valid memory until {@link #close()}, as X11 slots do after a resize.</li>
 * <li>{@code MemPtr}: PipeWire mapped shared memory (the buffers it allocates itself arrive so). deskdup makes a
 *     second mapping of the same pages ({@code mremap} with old size 0), which outlives PipeWire's as with MemFd.
 *     When the memory is not a shared mapping (a producer's private memory), the view borrows PipeWire's memory:
 *     {@link #close()} then comes no later than PipeWire's removal of the buffer, and afterwards the view throws
 *     {@link IllegalStateException} instead of reading freed memory.</li>
 * </ul>
 * The view is scoped to a shared arena: closing it (from any thread) makes every copy of the view throw on
 * access, and only then unmaps. Never a JVM crash, whatever the consumer kept.
 */
public final class MappedBuffer implements AutoCloseable {

    private final Arena arena;
    private final MemorySegment view;
    private final int dataType;
    private final boolean ours;

    private MappedBuffer(Arena arena, MemorySegment view, int dataType, boolean ours) {
        this.arena = arena;
        this.view = view;
        this.dataType = dataType;
        this.ours = ours;
    }

    /**
     * Maps block 0 of a buffer (a {@code struct spa_buffer *}).
     *
     * @throws IllegalArgumentException for DMA-BUF or other types deskdup does not read
     */
    public static MappedBuffer map(long spaBuffer) {
        long data = SpaBuffers.data0(spaBuffer);
        int type = SpaBuffers.dataType(data);
        long maxSize = SpaBuffers.dataMaxSize(data);
        if (type == SpaBuffers.DATA_MEM_FD) {
            long mapOffset = SpaBuffers.dataMapOffset(data);
            long pageStart = mapOffset & ~(MemoryCalls.PAGE_SIZE - 1);
            long delta = mapOffset - pageStart;
            long length = delta + maxSize;
            long address = MemoryCalls.mmapReadOnly(SpaBuffers.dataFd(data), pageStart, length);
            Arena arena = Arena.ofShared();
            MemorySegment whole = MemorySegment.ofAddress(address).reinterpret(length, arena,
                    s -> MemoryCalls.munmap(address, length));
            return new MappedBuffer(arena, whole.asSlice(delta, maxSize).asReadOnly(), type, true);
        }
        if (type == SpaBuffers.DATA_MEM_PTR) {
            long p = SpaBuffers.dataPointer(data);
            if (p == 0) {
                throw new IllegalArgumentException("PipeWire MemPtr buffer without memory (data=NULL)");
            }
            // PipeWire maps its shared memory itself and hands the pointer (buffers it allocated, the common case
            // for consumers). A second mapping of the same pages makes the memory ours, like MemFd's.
            long pageStart = p & ~(MemoryCalls.PAGE_SIZE - 1);
            long delta = p - pageStart;
            long length = (delta + maxSize + MemoryCalls.PAGE_SIZE - 1) & ~(MemoryCalls.PAGE_SIZE - 1);
            long copy = MemoryCalls.duplicateMapping(pageStart, length);
            Arena arena = Arena.ofShared();
            if (copy != -1L) {
                MemorySegment whole = MemorySegment.ofAddress(copy).reinterpret(length, arena,
                        s -> MemoryCalls.munmap(copy, length));
                return new MappedBuffer(arena, whole.asSlice(delta, maxSize).asReadOnly(), type, true);
            }
            return new MappedBuffer(arena, MemorySegment.ofAddress(p).reinterpret(maxSize, arena, null).asReadOnly(),
                    type, false);
        }
        throw new IllegalArgumentException(type == SpaBuffers.DATA_DMA_BUF
                ? "PipeWire handed a DMA-BUF buffer (GPU memory), which deskdup does not import"
                : "PipeWire buffer data type=" + type + " is not MemFd or MemPtr");
    }

    /**
     * {@code length} bytes of zeroes, read-only, costing no memory: what a slot shows before its first frame.
     */
    public static MappedBuffer zeroes(long length) {
        long address = MemoryCalls.mmapZeroes(length);
        Arena arena = Arena.ofShared();
        MemorySegment view = MemorySegment.ofAddress(address).reinterpret(length, arena,
                s -> MemoryCalls.munmap(address, length)).asReadOnly();
        return new MappedBuffer(arena, view, 0, true);
    }

    /** The whole block, read-only ({@code maxsize} bytes from the start of the data). */
    public MemorySegment view() {
        return view;
    }

    public int dataType() {
        return dataType;
    }

    /** Whether the memory is deskdup's own mapping (MemFd), which outlives PipeWire's removal of the buffer. */
    public boolean outlivesRemoval() {
        return ours;
    }

    /** Invalidates every view (they throw from now on) and unmaps our mapping. Any thread; idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
