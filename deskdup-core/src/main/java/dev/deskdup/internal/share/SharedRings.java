package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.RingPublisher;
import dev.deskdup.RingReader;
import dev.deskdup.ScreenCapture;
import dev.deskdup.RingStatus;

import dev.deskdup.spi.SlotMemoryAllocator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import static dev.deskdup.internal.share.RingDescriptor.*;

/** Entry points of the shared ring for the public API: readers and status snapshots. */
public final class SharedRings {

    private SharedRings() {
    }

    /**
     * Starts a publisher; {@code open} is the composition root's way to open a capture whose slots take their memory
     * from the ring (a backend that cannot have its frames copied in once each).
     */
    public static RingPublisher startPublisher(String name, CaptureOptions options, int maxReaders, long maxFrames,
                                               BiFunction<CaptureOptions, SlotMemoryAllocator, ScreenCapture> open) {
        return SharedRingPublisher.start(name, options, maxReaders, maxFrames, open::apply);
    }

    public static RingReader openReader(String name, long timeoutNanos) {
        return SharedRingReader.open(name, timeoutNanos);
    }

    /** Reads ring {@code name}'s header, slots and reader entries without claiming an entry. */
    public static RingStatus status(String name) {
        Path path = RingFile.pathOf(name);
        RingFile file = RingFile.openExisting(path);
        if (file == null) {
            throw new CaptureException("no ring name=" + name + " (path=" + path + ")");
        }
        try (file; Arena arena = Arena.ofConfined()) {
            long size = file.size();
            if (size < HEADER_LENGTH) {
                throw new RingFormatException("ring name=" + name + " (path=" + path + ") is incomplete: length="
                        + size);
            }
            MemorySegment h = file.map(0, HEADER_LENGTH, false, arena);
            if ((int) INT_HANDLE.getAcquire(h, (long) VERSION_OFFSET) == 0) {
                throw new CaptureException("ring name=" + name + " is still being laid out by its producer (version "
                        + "not yet written); try again");
            }
            checkHeader(h, size, "ring name=" + name + " (path=" + path + ")");
            int slots = h.get(INT, SLOT_COUNT_OFFSET);
            int readers = h.get(INT, READER_CAPACITY_OFFSET);
            MemorySegment m = file.map(0, metadataLength(slots, readers), false, arena);
            boolean sameClock = RingFile.LINUX; // System.nanoTime is CLOCK_MONOTONIC there, shared by processes
            int[] leases = new int[slots];
            List<RingStatus.Reader> readerList = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                long e = readerEntryOffset(slots, r);
                long lease = (long) LONG_HANDLE.getVolatile(m, e + READER_LEASE_OFFSET);
                long revoked = (long) LONG_HANDLE.getVolatile(m, e + READER_REVOKED_OFFSET);
                int pid = m.get(INT, e + READER_PID_OFFSET);
                boolean alive = file.lockedElsewhere(readerLock(r));
                if (!alive && pid == 0 && lease == 0) {
                    continue; // never used
                }
                int slot = (int) (lease & LEASE_SLOT_MASK) - 1;
                boolean isRevoked = lease >>> LEASE_SLOT_BITS <= revoked && slot >= 0;
                if (slot >= 0 && slot < slots && !isRevoked && alive) {
                    leases[slot]++;
                }
                int kind = m.get(INT, e + READER_KIND_OFFSET);
                long beat = m.get(LONG, e + READER_HEARTBEAT_OFFSET);
                long claimed = m.get(LONG, e + READER_CLAIMED_MILLIS_OFFSET);
                readerList.add(new RingStatus.Reader(r, alive, pid, kind == READER_KIND_JAVA ? "java"
                        : kind == READER_KIND_PYTHON ? "python" : "other", slot, lease >>> LEASE_SLOT_BITS, isRevoked,
                        m.get(LONG, e + READER_FRAMES_OFFSET), m.get(LONG, e + READER_LOST_OFFSET),
                        sameClock ? ageMillis(beat) : -1, claimed > 0 ? Instant.ofEpochMilli(claimed) : null));
            }
            List<RingStatus.Slot> slotList = new ArrayList<>();
            for (int i = 0; i < slots; i++) {
                long b = slotHeaderOffset(i);
                int flags = m.get(INT, b + SLOT_FLAGS_OFFSET);
                slotList.add(new RingStatus.Slot(i, (long) LONG_HANDLE.getVolatile(m, b + SLOT_SEQUENCE_OFFSET),
                        m.get(LONG, b + SLOT_FRAME_NUMBER_OFFSET), m.get(LONG, b + SLOT_TIMESTAMP_OFFSET),
                        m.get(INT, b + SLOT_DIRTY_COUNT_OFFSET), (flags & FLAG_REPEAT) != 0,
                        (flags & FLAG_CURSOR_VISIBLE) != 0, m.get(INT, b + SLOT_CURSOR_X_OFFSET),
                        m.get(INT, b + SLOT_CURSOR_Y_OFFSET), leases[i]));
            }
            int state = (int) INT_HANDLE.getVolatile(m, (long) STATE_OFFSET);
            long latest = (long) LONG_HANDLE.getVolatile(m, (long) LATEST_OFFSET);
            long started = m.get(LONG, PRODUCER_START_MILLIS_OFFSET);
            long beat = (long) LONG_HANDLE.getVolatile(m, (long) HEARTBEAT_OFFSET);
            return new RingStatus(name, path.toString(), versionString(m.get(INT, VERSION_OFFSET)), stateName(state),
                    m.get(LONG, GENERATION_OFFSET), m.get(INT, WIDTH_OFFSET), m.get(INT, HEIGHT_OFFSET),
                    m.get(INT, STRIDE_OFFSET), slots, readers, m.get(LONG, PRODUCER_PID_OFFSET),
                    started > 0 ? Instant.ofEpochMilli(started) : null,
                    RingText.ascii(m, SOURCE_NAME_OFFSET, SOURCE_NAME_LENGTH),
                    writePathName(m.get(INT, WRITE_PATH_OFFSET)), file.lockedElsewhere(PRODUCER_LOCK),
                    sameClock ? ageMillis(beat) : -1, latest == 0 ? 0 : latest >>> LATEST_SLOT_BITS,
                    latest == 0 ? -1 : (int) (latest & LATEST_SLOT_MASK),
                    (long) LONG_HANDLE.getOpaque(m, (long) FRAMES_PUBLISHED_OFFSET),
                    (long) LONG_HANDLE.getOpaque(m, (long) LEASE_DEFERRALS_OFFSET),
                    (long) LONG_HANDLE.getOpaque(m, (long) REVOCATIONS_OFFSET),
                    state == STATE_FAILED ? RingText.utf8(m, ERROR_MESSAGE_OFFSET, ERROR_MESSAGE_LENGTH) : "",
                    slotList, readerList);
        }
    }

    /** Milliseconds since {@code nanos} of System.nanoTime (CLOCK_MONOTONIC on Linux, the same in every process). */
    private static long ageMillis(long nanos) {
        return Math.max(0, System.nanoTime() - nanos) / 1_000_000;
    }

    static String stateName(int state) {
        return switch (state) {
            case STATE_INIT -> "INIT";
            case STATE_LIVE -> "LIVE";
            case STATE_CLOSED -> "CLOSED";
            case STATE_SUPERSEDED -> "SUPERSEDED";
            case STATE_FAILED -> "FAILED";
            default -> "UNKNOWN(" + state + ")";
        };
    }

    static String writePathName(int writePath) {
        return switch (writePath) {
            case WRITE_PATH_OS_DIRECT -> "os-direct";
            case WRITE_PATH_ONE_COPY -> "one-copy";
            case WRITE_PATH_RENDERED -> "rendered";
            default -> "unknown(" + writePath + ")";
        };
    }
}
