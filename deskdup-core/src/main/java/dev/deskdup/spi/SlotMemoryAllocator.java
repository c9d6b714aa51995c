package dev.deskdup.spi;

/**
 * Provides slot memory to a source, for captures whose frames must land in memory someone else owns (the
 * shared-memory ring file that other processes read). Called on the filling thread, on attach and after a resize.
 */
@FunctionalInterface
public interface SlotMemoryAllocator {

    /**
     * Memory for slot {@code index} holding a {@code width × height} frame with rows {@code stride} bytes apart.
     *
     * @throws dev.deskdup.CaptureException when it cannot be provided (e.g. the file system is full)
     */
    SlotMemory allocate(int index, int width, int height, int stride);
}
