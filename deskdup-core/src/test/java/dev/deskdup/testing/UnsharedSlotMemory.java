package dev.deskdup.testing;

import dev.deskdup.spi.SlotMemory;

import java.lang.foreign.MemorySegment;

/**
 * Slot memory a test provides that is in no file (fd -1), so the source cannot hand it to the OS and copies into it;
 * {@code onClose} runs when the slot lets it go.
 */
public record UnsharedSlotMemory(MemorySegment segment, Runnable onClose) implements SlotMemory {

    @Override
    public int fd() {
        return -1;
    }

    @Override
    public long fileOffset() {
        return 0;
    }

    @Override
    public long fileLength() {
        return 0;
    }

    @Override
    public void close() {
        onClose.run();
    }
}
