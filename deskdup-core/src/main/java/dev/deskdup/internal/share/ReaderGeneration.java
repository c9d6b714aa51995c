package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;
import dev.deskdup.RingClosedException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * A reader's hold on one ring file (one geometry generation): the metadata mapped read-write (for its own entry),
 * the pixels mapped read-only, the reader entry it claimed by locking its byte, and one {@link RingFrame} view per
 * slot. The lease protocol's reader half lives here ({@link #tryLease}, {@link RingFrame#release}).
 */
final class ReaderGeneration implements AutoCloseable {

    final String name;
    final RingFile file;
    final Arena arena = Arena.ofShared();
    final MemorySegment meta;
    final MemorySegment pixels;
    final int slotCount;
    final int readerCapacity;
    final int width;
    final int height;
    final int stride;
    final long generation;
    final long producerPid;
    final int entry;
    final long entryOffset;
    final long livenessTimeoutNanos;
    final int writePath;
    private final RingFrame[] frames;
    /** The number of this reader's newest lease; each lease gets the next. Reader thread only. */
    private long leaseNumber;
    private long lastHeartbeat;
    private long lastHeartbeatChange;
    private boolean closed;

    /** Opens ring {@code name} now, or returns null when it does not exist or is not ready (version 0). */
    static ReaderGeneration tryOpen(String name, int kind) {
        Path path = RingFile.pathOf(name);
        RingFile file = RingFile.openExisting(path);
        if (file == null) {
            return null;
        }
        try {
            long size = file.size();
            if (size < HEADER_LENGTH) {
                file.close();
                return null;
            }
            try (Arena probe = Arena.ofConfined()) {
                MemorySegment h = file.map(0, HEADER_LENGTH, false, probe);
                if ((int) INT_HANDLE.getAcquire(h, (long) VERSION_OFFSET) == 0) {
                    file.close();
                    return null; // still being laid out: the version is written last, after the magic
                }
                checkHeader(h, size, "ring name=" + name + " (path=" + path + ")");
            }
            return new ReaderGeneration(name, file, kind);
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    private ReaderGeneration(String name, RingFile file, int kind) {
        this.name = name;
        this.file = file;
        try {
            MemorySegment h = file.map(0, HEADER_LENGTH, false, arena);
            this.slotCount = h.get(INT, SLOT_COUNT_OFFSET);
            this.readerCapacity = h.get(INT, READER_CAPACITY_OFFSET);
            this.width = h.get(INT, WIDTH_OFFSET);
            this.height = h.get(INT, HEIGHT_OFFSET);
            this.stride = h.get(INT, STRIDE_OFFSET);
            this.generation = h.get(LONG, GENERATION_OFFSET);
            this.producerPid = h.get(LONG, PRODUCER_PID_OFFSET);
            this.writePath = h.get(INT, WRITE_PATH_OFFSET);
            this.livenessTimeoutNanos = Math.max(100, h.get(INT, LIVENESS_TIMEOUT_MILLIS_OFFSET)) * 1_000_000L;
            this.meta = file.map(0, metadataLength(slotCount, readerCapacity), true, arena);
            this.pixels = file.map(pixelsOffset(slotCount, readerCapacity),
                    slotCount * slotPixelsLength(stride, height), false, arena);
            this.entry = claimEntry(kind);
            this.entryOffset = readerEntryOffset(slotCount, entry);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        long slotLength = slotPixelsLength(stride, height);
        long frameBytes = (long) stride * (height - 1) + (long) width * 4;
        this.frames = new RingFrame[slotCount];
        for (int i = 0; i < slotCount; i++) {
            frames[i] = new RingFrame(this, i, pixels.asSlice(i * slotLength, frameBytes));
        }
        lastHeartbeat = (long) LONG_HANDLE.getAcquire(meta, (long) HEARTBEAT_OFFSET);
        lastHeartbeatChange = System.nanoTime();
    }

    private int claimEntry(int kind) {
        for (int i = 0; i < readerCapacity; i++) {
            if (file.tryLock(readerLock(i))) {
                long e = readerEntryOffset(slotCount, i);
                long previous = (long) LONG_HANDLE.getVolatile(meta, e + READER_LEASE_OFFSET);
                long revoked = (long) LONG_HANDLE.getVolatile(meta, e + READER_REVOKED_OFFSET);
                leaseNumber = Math.max(previous >>> LEASE_SLOT_BITS, revoked) + 1;
                meta.set(INT, e + READER_PID_OFFSET, (int) ProcessHandle.current().pid());
                meta.set(INT, e + READER_KIND_OFFSET, kind);
                meta.set(LONG, e + READER_FRAMES_OFFSET, 0L);
                meta.set(LONG, e + READER_LOST_OFFSET, 0L);
                meta.set(LONG, e + READER_CLAIMED_MILLIS_OFFSET, System.currentTimeMillis());
                LONG_HANDLE.setRelease(meta, e + READER_HEARTBEAT_OFFSET, System.nanoTime());
                // A dead predecessor's lease in this entry is void from now on: ours has no slot.
                LONG_HANDLE.setVolatile(meta, e + READER_LEASE_OFFSET, leaseNumber << LEASE_SLOT_BITS);
                return i;
            }
        }
        StringBuilder pids = new StringBuilder();
        for (int i = 0; i < readerCapacity; i++) {
            pids.append(i == 0 ? "" : ", ").append(meta.get(INT, readerEntryOffset(slotCount, i) + READER_PID_OFFSET));
        }
        throw new CaptureException("ring name=" + name + " has all readers=" + readerCapacity + " entries taken (pids "
                + pids + "); close one of them, or restart the producer with more (deskdup share --readers N)");
    }

    int state() {
        return (int) INT_HANDLE.getVolatile(meta, (long) STATE_OFFSET);
    }

    long latest() {
        return (long) LONG_HANDLE.getAcquire(meta, (long) LATEST_OFFSET);
    }

    /**
     * Leases {@code slot}: stores the lease (volatile, so a full fence follows), then re-reads the slot's sequence
     * and the entry's revocation mark. The lease holds only if the sequence is the even value read before it and the
     * lease was not revoked. Returns the frame view, loaded, or null when the producer got there first.
     */
    RingFrame tryLease(int slot) {
        if (slot < 0 || slot >= slotCount) {
            throw new RingFormatException("ring name=" + name + " published slot=" + slot + " but has slotCount="
                    + slotCount + " (corrupt header)");
        }
        long sequenceAt = slotHeaderOffset(slot) + SLOT_SEQUENCE_OFFSET;
        long seq = (long) LONG_HANDLE.getAcquire(meta, sequenceAt);
        if ((seq & 1) != 0 || seq == 0) {
            return null;
        }
        long number = ++leaseNumber;
        LONG_HANDLE.setRelease(meta, entryOffset + READER_HEARTBEAT_OFFSET, System.nanoTime());
        LONG_HANDLE.setVolatile(meta, entryOffset + READER_LEASE_OFFSET, number << LEASE_SLOT_BITS | (slot + 1));
        if ((long) LONG_HANDLE.getVolatile(meta, sequenceAt) != seq || revoked() >= number) {
            LONG_HANDLE.setRelease(meta, entryOffset + READER_LEASE_OFFSET, number << LEASE_SLOT_BITS);
            return null;
        }
        RingFrame frame = frames[slot];
        frame.load(seq, number);
        return frame;
    }

    long revoked() {
        return (long) LONG_HANDLE.getVolatile(meta, entryOffset + READER_REVOKED_OFFSET);
    }

    /** Ends a lease without counting a frame (it was not handed out). */
    void dropLease(long number) {
        LONG_HANDLE.setRelease(meta, entryOffset + READER_LEASE_OFFSET, number << LEASE_SLOT_BITS);
    }

    /** Ends the lease of a frame (release: the frame's reads come before the producer may write again). */
    void endLease(long number, boolean lost) {
        LONG_HANDLE.setRelease(meta, entryOffset + READER_LEASE_OFFSET, number << LEASE_SLOT_BITS);
        long framesAt = entryOffset + READER_FRAMES_OFFSET;
        LONG_HANDLE.setOpaque(meta, framesAt, (long) LONG_HANDLE.getOpaque(meta, framesAt) + 1);
        if (lost) {
            long lostAt = entryOffset + READER_LOST_OFFSET;
            LONG_HANDLE.setOpaque(meta, lostAt, (long) LONG_HANDLE.getOpaque(meta, lostAt) + 1);
        }
    }

    /** Heartbeat thread: this reader lives. */
    void beat(long nowNanos) {
        LONG_HANDLE.setRelease(meta, entryOffset + READER_HEARTBEAT_OFFSET, nowNanos);
    }

    /**
     * Throws when the producer is gone: its lock byte is free (it ended or was killed), or its heartbeat has not
     * moved for the liveness timeout the header gives.
     */
    void checkProducer(long nowNanos) {
        long beat = (long) LONG_HANDLE.getAcquire(meta, (long) HEARTBEAT_OFFSET);
        if (beat != lastHeartbeat) {
            lastHeartbeat = beat;
            lastHeartbeatChange = nowNanos;
        }
        if (!file.lockedElsewhere(PRODUCER_LOCK)) {
            checkState(); // it closed normally, just now
            throw new RingClosedException("ring name=" + name + ": producer pid=" + producerPid + " is gone without "
                    + "closing the ring (killed?); end of stream", true);
        }
        if (nowNanos - lastHeartbeatChange > livenessTimeoutNanos) {
            throw new RingClosedException("ring name=" + name + ": producer pid=" + producerPid + " has not beaten "
                    + "its heartbeat for " + (nowNanos - lastHeartbeatChange) / 1_000_000 + " ms (stopped or hung); "
                    + "end of stream", true);
        }
    }

    /** Throws when the state says the stream ended; returns the state otherwise (LIVE or SUPERSEDED). */
    int checkState() {
        int state = state();
        if (state == STATE_CLOSED) {
            throw new RingClosedException("ring name=" + name + " was closed by its producer (pid=" + producerPid
                    + "); end of stream", false);
        }
        if (state == STATE_FAILED) {
            throw new RingClosedException("ring name=" + name + ": producer pid=" + producerPid + " failed: "
                    + RingText.utf8(meta, ERROR_MESSAGE_OFFSET, ERROR_MESSAGE_LENGTH) + "; end of stream", true);
        }
        return state;
    }

    /** Waits for a superseding generation to become readable; null when the name vanished (producer closed). */
    static ReaderGeneration reopen(String name, int kind, long deadlineNanos) {
        while (true) {
            ReaderGeneration next = tryOpen(name, kind);
            if (next != null || System.nanoTime() - deadlineNanos > 0) {
                return next;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Gives up the entry (no lease, lock released) and unmaps the file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LONG_HANDLE.setRelease(meta, entryOffset + READER_LEASE_OFFSET, leaseNumber << LEASE_SLOT_BITS);
            meta.set(INT, entryOffset + READER_PID_OFFSET, 0);
        } finally {
            for (RingFrame f : frames) {
                f.invalidate();
            }
            file.close(); // drops the entry's lock
            arena.close();
        }
    }
}
