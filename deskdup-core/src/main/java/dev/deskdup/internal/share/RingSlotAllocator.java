package dev.deskdup.internal.share;

import dev.deskdup.spi.SlotMemory;
import dev.deskdup.spi.SlotMemoryAllocator;

import java.lang.foreign.MemorySegment;

/**
 * Gives a capture's slots their memory in the ring file, so the OS writes each frame straight into the slot readers
 * map (X11: the source attaches the file's fd once and has {@code ShmGetImage} write at each slot's offset). Capture
 * slot {@code i} is ring slot {@code i}. The first call creates the ring (the geometry is known only then); a call
 * with another geometry (a resize) lays out the next generation, which the publisher installs with its first frame.
 * Called on the capture's filling thread, which is the publisher's thread.
 */
final class RingSlotAllocator implements SlotMemoryAllocator {

    private final String name;
    private final int slotCount;
    private final int readerCapacity;
    private final ProducerInfo producer;
    private RingProducer ring;
    /** The generation new slot memory comes from: the current one, or the next one after a resize. */
    private RingWriter target;

    RingSlotAllocator(String name, int slotCount, int readerCapacity, ProducerInfo producer) {
        this.name = name;
        this.slotCount = slotCount;
        this.readerCapacity = readerCapacity;
        this.producer = producer;
    }

    int slotCount() {
        return slotCount;
    }

    /** The ring, once the capture has allocated its first slot (null before, e.g. for a copying backend). */
    RingProducer ring() {
        return ring;
    }

    /** Creates the ring for captures whose backend ignores the allocator (their frames are copied in). */
    RingProducer ringFor(int width, int height, int stride) {
        if (ring == null) {
            ring = new RingProducer(name, slotCount, readerCapacity, width, height, stride, producer);
            target = ring.current();
        }
        return ring;
    }

    @Override
    public SlotMemory allocate(int index, int width, int height, int stride) {
        if (index < 0 || index >= slotCount) {
            throw new IllegalArgumentException("slot index=" + index + " is outside the ring's slotCount=" + slotCount);
        }
        if (ring == null) {
            ringFor(width, height, stride);
        } else if (!target.geometry().sameFrameShape(width, height, stride)) {
            target = ring.prepare(width, height, stride);
        }
        RingWriter w = target;
        return new RingSlotMemory(w, index);
    }

    /** One slot's memory in one generation's file. */
    private static final class RingSlotMemory implements SlotMemory {
        private final RingWriter writer;
        private final int index;
        private final MemorySegment segment;
        private boolean closed;

        RingSlotMemory(RingWriter writer, int index) {
            this.writer = writer;
            this.index = index;
            this.segment = writer.slotPixels(index);
            writer.slotMemoryUsers++;
        }

        @Override
        public MemorySegment segment() {
            return segment;
        }

        @Override
        public int fd() {
            return writer.file().fd();
        }

        @Override
        public long fileOffset() {
            return writer.file().fd() < 0 ? 0 : writer.slotFileOffset(index);
        }

        @Override
        public long fileLength() {
            return writer.file().fd() < 0 ? 0 : writer.geometry().fileLength();
        }

        @Override
        public void close() {
            // The file stays mapped while its generation lives; the publisher retires a superseded generation once
            // the capture holds none of its memory and no frame of it is leased.
            if (!closed) {
                closed = true;
                writer.slotMemoryUsers--;
            }
        }
    }
}
