package dev.deskdup.cli.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The floor: one {@link MemorySegment#copy} of a frame's bytes from one off-heap buffer to another. No capture can
 * hand over a frame it had to copy faster than memory copies it, so this is the yardstick for the others.
 */
final class CopyFloorContender extends InJvmContender {

    private Arena arena;
    private MemorySegment from;
    private MemorySegment to;

    @Override
    public String id() {
        return "copy-floor";
    }

    @Override
    public String name() {
        return "floor: MemorySegment.copy of a frame";
    }

    @Override
    public String method() {
        return "in this JVM: frame time = one MemorySegment.copy of width*height*4 bytes between two off-heap "
                + "buffers; CPU = this JVM's process CPU time";
    }

    @Override
    protected void setUp(BenchTarget target) {
        arena = Arena.ofConfined();
        from = arena.allocate(target.frameBytes(), 64);
        to = arena.allocate(target.frameBytes(), 64);
        from.fill((byte) 0x5A);   // touch every page now, not in the first measured frames
        to.fill((byte) 0);
    }

    @Override
    protected void frame() {
        MemorySegment.copy(from, 0, to, 0, from.byteSize());
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}
