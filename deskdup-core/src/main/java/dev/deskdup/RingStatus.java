package dev.deskdup;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a shared ring for diagnostics, read without taking a reader entry: what {@code deskdup ring NAME}
 * prints (in the spirit of AeronStat).
 *
 * @param path               the ring file
 * @param layoutVersion      {@code "major.minor"} of the file's layout
 * @param state              {@code LIVE}, {@code CLOSED}, {@code SUPERSEDED}, {@code FAILED} or {@code INIT}
 * @param producerAlive      whether the producer holds its lock (the process lives and has the ring open)
 * @param heartbeatAgeMillis how long ago the producer last beat (Linux: same clock in every process), -1 unknown
 * @param writePath          how pixels reach the slots: {@code os-direct} (zero copy: the X server writes into the
 *                           file), {@code one-copy} (SysV fallback, DXGI copy-out) or {@code rendered} (synthetic)
 * @param error              the producer's error when {@code state} is FAILED, else empty
 */
public record RingStatus(String name, String path, String layoutVersion, String state, long generation,
                         int width, int height, int stride, int slotCount, int readerCapacity, long producerPid,
                         Instant producerStarted, String source, String writePath, boolean producerAlive,
                         long heartbeatAgeMillis, long latestFrame, int latestSlot, long framesPublished,
                         long leaseDeferrals, long revocations, String error, List<Slot> slots,
                         List<Reader> readers) {

    public RingStatus {
        slots = List.copyOf(slots);
        readers = List.copyOf(readers);
    }

    /**
     * One slot.
     *
     * @param sequence its seqlock sequence (odd: being written)
     * @param leasedBy how many readers lease it now
     */
    public record Slot(int index, long sequence, long frameNumber, long timestampNanos, int dirtyRects, boolean repeat,
                       boolean cursorVisible, int cursorX, int cursorY, int leasedBy) {
    }

    /**
     * One reader entry that is or was in use.
     *
     * @param alive      whether the reader holds its entry's lock (its process lives)
     * @param kind       {@code java}, {@code python} or {@code other}
     * @param leasedSlot the slot its lease names, -1 for none
     * @param revoked    whether its newest lease was revoked (it stalled or died holding it)
     */
    public record Reader(int index, boolean alive, long pid, String kind, int leasedSlot, long leaseNumber,
                         boolean revoked, long framesRead, long framesLost, long heartbeatAgeMillis,
                         Instant claimed) {
    }
}
