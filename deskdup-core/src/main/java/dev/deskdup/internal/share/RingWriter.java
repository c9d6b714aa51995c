package dev.deskdup.internal.share;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * The producer's side of one ring file (one geometry generation): lays the header out, publishes frames into slots,
 * decides whether a slot may be written again (the lease check), beats the heartbeat and revokes the leases of dead
 * or stalled readers.
 *
 * <p>Threads: {@link #publish} and {@link #tryTakeForWriting} run on the publishing thread only (they keep the slots'
 * sequences in a plain array); {@link #beat} and {@link #reapReaders} on the heartbeat thread only. Nothing here
 * allocates after construction.
 */
final class RingWriter implements AutoCloseable {

    private final RingFile file;
    private final RingGeometry geometry;
    private final long generation;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment meta;
    private final MemorySegment pixels;
    /** The slots' sequences as last stored (publishing thread only). */
    private final long[] sequences;
    private final long[] slotAddresses;
    private final MemorySegment[] slotSegments;
    // Heartbeat thread only: what each reader's heartbeat was and when it last changed.
    private final long[] readerHeartbeats;
    private final long[] readerHeartbeatChanged;
    /** How many capture slots still use this file's memory (publishing thread only). */
    int slotMemoryUsers;
    private int writePath;
    private long leaseDeferrals;
    private long revocations;
    private long framesPublished;
    private boolean closed;

    /**
     * Lays out {@code file} (already sized nothing, exclusively ours, producer lock held) and writes the version last.
     */
    RingWriter(RingFile file, RingGeometry geometry, long generation, ProducerInfo producer, long nowNanos) {
        this.file = file;
        this.geometry = geometry;
        this.generation = generation;
        try {
            file.setLength(geometry.fileLength());
            this.meta = file.map(0, geometry.metadataLength(), true, arena);
            this.pixels = file.map(geometry.pixelsOffset(), geometry.pixelsLength(), true, arena);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
        int slots = geometry.slotCount();
        this.sequences = new long[slots];
        this.slotAddresses = new long[slots];
        this.slotSegments = new MemorySegment[slots];
        for (int i = 0; i < slots; i++) {
            slotSegments[i] = pixels.asSlice(i * geometry.slotPixelsLength(), geometry.slotPixelsLength());
            slotAddresses[i] = slotSegments[i].address();
        }
        this.readerHeartbeats = new long[geometry.readerCapacity()];
        this.readerHeartbeatChanged = new long[geometry.readerCapacity()];
        java.util.Arrays.fill(readerHeartbeatChanged, nowNanos);
        writeHeader(producer, nowNanos);
    }

    private void writeHeader(ProducerInfo producer, long nowNanos) {
        MemorySegment h = meta;
        h.set(LONG, MAGIC_OFFSET, MAGIC);
        h.set(INT, HEADER_LENGTH_OFFSET, HEADER_LENGTH);
        h.set(INT, SLOT_COUNT_OFFSET, geometry.slotCount());
        h.set(INT, READER_CAPACITY_OFFSET, geometry.readerCapacity());
        h.set(INT, WIDTH_OFFSET, geometry.width());
        h.set(INT, HEIGHT_OFFSET, geometry.height());
        h.set(INT, STRIDE_OFFSET, geometry.stride());
        h.set(INT, PIXEL_FORMAT_OFFSET, PIXEL_FORMAT_BGRA);
        h.set(LONG, SLOT_HEADERS_OFFSET_OFFSET, HEADER_LENGTH);
        h.set(INT, SLOT_HEADER_LENGTH_OFFSET, SLOT_HEADER_LENGTH);
        h.set(INT, READER_ENTRY_LENGTH_OFFSET, READER_ENTRY_LENGTH);
        h.set(LONG, READERS_OFFSET_OFFSET, readersOffset(geometry.slotCount()));
        h.set(LONG, PIXELS_OFFSET_OFFSET, geometry.pixelsOffset());
        h.set(LONG, SLOT_PIXELS_LENGTH_OFFSET, geometry.slotPixelsLength());
        h.set(LONG, FILE_LENGTH_OFFSET, geometry.fileLength());
        h.set(LONG, PRODUCER_PID_OFFSET, producer.pid());
        h.set(LONG, PRODUCER_START_MILLIS_OFFSET, producer.startMillis());
        h.set(LONG, GENERATION_OFFSET, generation);
        h.set(INT, MAX_DIRTY_RECTS_OFFSET, MAX_DIRTY_RECTS);
        h.set(INT, WRITE_PATH_OFFSET, producer.writePath());
        writePath = producer.writePath();
        h.set(INT, HEARTBEAT_PERIOD_MILLIS_OFFSET, HEARTBEAT_PERIOD_MILLIS);
        h.set(INT, LIVENESS_TIMEOUT_MILLIS_OFFSET, LIVENESS_TIMEOUT_MILLIS);
        byte[] source = producer.sourceName().getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(source, 0, h, java.lang.foreign.ValueLayout.JAVA_BYTE, SOURCE_NAME_OFFSET,
                Math.min(source.length, SOURCE_NAME_LENGTH - 1));
        for (int i = 0; i < geometry.slotCount(); i++) {
            // Odd: every slot starts out as the capture's, to be written; none is readable until published.
            sequences[i] = 1;
            h.set(LONG, slotHeaderOffset(i) + SLOT_SEQUENCE_OFFSET, 1L);
        }
        h.set(INT, STATE_OFFSET, STATE_LIVE);
        h.set(LONG, HEARTBEAT_OFFSET, nowNanos);
        INT_HANDLE.setRelease(h, (long) VERSION_OFFSET, VERSION); // last: readers wait for it
    }

    /** Records how pixels reach the slots (known once the first frame arrived). */
    int writePath() {
        return writePath;
    }

    void writePath(int path) {
        if (path != writePath) {
            writePath = path;
            meta.set(INT, WRITE_PATH_OFFSET, path);
        }
    }

    RingFile file() {
        return file;
    }

    RingGeometry geometry() {
        return geometry;
    }

    long generation() {
        return generation;
    }

    /** Slot {@code index}'s pixel memory, writable (for the capture; the X server writes it on X11). */
    MemorySegment slotPixels(int index) {
        return slotSegments[index];
    }

    /** Where slot {@code index}'s pixels start in the file. */
    long slotFileOffset(int index) {
        return geometry.pixelsOffset() + index * geometry.slotPixelsLength();
    }

    /** The slot whose pixel memory starts at {@code address}, or -1 when none of this file's does. */
    int slotAt(long address) {
        for (int i = 0; i < slotAddresses.length; i++) {
            if (slotAddresses[i] == address) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Publishes the frame the capture wrote into {@code slot}: its facts into the slot header, the sequence even
     * (release), then {@code latest} (release). The slot's sequence is odd (taken for writing) on entry.
     *
     * @param rects {@code x, y, width, height} quadruples; more than {@link RingDescriptor#MAX_DIRTY_RECTS}
     *              collapse into their bounding box
     */
    void publish(int slot, long frameNumber, long timestampNanos, long serverTimeMillis, int flags, int rectCount,
                 int[] rects, int cursorX, int cursorY) {
        if ((sequences[slot] & 1) == 0) {
            throw new IllegalStateException("slot=" + slot + " was not taken for writing before being published");
        }
        long base = slotHeaderOffset(slot);
        MemorySegment h = meta;
        h.set(LONG, base + SLOT_FRAME_NUMBER_OFFSET, frameNumber);
        h.set(LONG, base + SLOT_TIMESTAMP_OFFSET, timestampNanos);
        h.set(LONG, base + SLOT_SERVER_TIME_OFFSET, serverTimeMillis);
        h.set(INT, base + SLOT_FLAGS_OFFSET, flags);
        h.set(INT, base + SLOT_CURSOR_X_OFFSET, cursorX);
        h.set(INT, base + SLOT_CURSOR_Y_OFFSET, cursorY);
        if (rectCount > MAX_DIRTY_RECTS) {
            writeBoundingBox(h, base, rectCount, rects);
            rectCount = 1;
        } else {
            for (int i = 0; i < 4 * rectCount; i++) {
                h.set(INT, base + SLOT_RECTS_OFFSET + 4L * i, rects[i]);
            }
        }
        h.set(INT, base + SLOT_DIRTY_COUNT_OFFSET, rectCount);
        long seq = sequences[slot] + 1;
        sequences[slot] = seq;
        LONG_HANDLE.setRelease(h, base + SLOT_SEQUENCE_OFFSET, seq);
        LONG_HANDLE.setRelease(h, (long) LATEST_OFFSET, frameNumber << LATEST_SLOT_BITS | slot);
        LONG_HANDLE.setOpaque(h, (long) FRAMES_PUBLISHED_OFFSET, ++framesPublished);
    }

    private static void writeBoundingBox(MemorySegment h, long base, int rectCount, int[] rects) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (int i = 0; i < rectCount; i++) {
            x0 = Math.min(x0, rects[4 * i]);
            y0 = Math.min(y0, rects[4 * i + 1]);
            x1 = Math.max(x1, rects[4 * i] + rects[4 * i + 2]);
            y1 = Math.max(y1, rects[4 * i + 1] + rects[4 * i + 3]);
        }
        long r = base + SLOT_RECTS_OFFSET;
        h.set(INT, r, x0);
        h.set(INT, r + 4, y0);
        h.set(INT, r + 8, x1 - x0);
        h.set(INT, r + 12, y1 - y0);
    }

    /**
     * Takes a published slot back for writing, unless a reader leases it: stores an odd sequence (volatile: a full
     * fence follows), then scans the leases; if one names the slot, the sequence is restored and the slot stays
     * readable. See docs/ring-format.md for why a validated lease can never be missed.
     *
     * @return true when the slot is now odd and may be handed to the capture
     */
    boolean tryTakeForWriting(int slot) {
        long seq = sequences[slot];
        if ((seq & 1) != 0) {
            return true; // never published, or already taken
        }
        long base = slotHeaderOffset(slot) + SLOT_SEQUENCE_OFFSET;
        LONG_HANDLE.setVolatile(meta, base, seq + 1);
        if (leased(slot)) {
            LONG_HANDLE.setRelease(meta, base, seq);
            LONG_HANDLE.setOpaque(meta, (long) LEASE_DEFERRALS_OFFSET, ++leaseDeferrals);
            return false;
        }
        sequences[slot] = seq + 1;
        return true;
    }

    /** Whether some reader holds a live lease on {@code slot} (volatile reads: they follow the odd store). */
    boolean leased(int slot) {
        long readers = readersOffset(geometry.slotCount());
        for (int r = 0; r < geometry.readerCapacity(); r++) {
            long entry = readers + (long) r * READER_ENTRY_LENGTH;
            long lease = (long) LONG_HANDLE.getVolatile(meta, entry + READER_LEASE_OFFSET);
            if ((lease & LEASE_SLOT_MASK) == slot + 1
                    && lease >>> LEASE_SLOT_BITS > (long) LONG_HANDLE.getVolatile(meta, entry + READER_REVOKED_OFFSET)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a published slot is still readable (not taken back for writing). Publishing thread. */
    boolean isPublished(int slot) {
        return (sequences[slot] & 1) == 0 && sequences[slot] != 0;
    }

    /** Heartbeat thread: the producer lives. */
    void beat(long nowNanos) {
        LONG_HANDLE.setRelease(meta, (long) HEARTBEAT_OFFSET, nowNanos);
    }

    /**
     * Heartbeat thread: voids the lease of every reader that died (its lock byte is free) or stopped beating for
     * {@link RingDescriptor#LIVENESS_TIMEOUT_MILLIS}. The revoked lease number is stored; the reader's newer leases
     * count again (a reader that resumes takes a new lease and learns its old frame was lost).
     *
     * @return how many leases were revoked now
     */
    int reapReaders(long nowNanos) {
        int revokedNow = 0;
        long readers = readersOffset(geometry.slotCount());
        for (int r = 0; r < geometry.readerCapacity(); r++) {
            long entry = readers + (long) r * READER_ENTRY_LENGTH;
            long lease = (long) LONG_HANDLE.getVolatile(meta, entry + READER_LEASE_OFFSET);
            long heartbeat = (long) LONG_HANDLE.getVolatile(meta, entry + READER_HEARTBEAT_OFFSET);
            long leaseNumber = lease >>> LEASE_SLOT_BITS;
            boolean active = (lease & LEASE_SLOT_MASK) != 0
                    && leaseNumber > (long) LONG_HANDLE.getVolatile(meta, entry + READER_REVOKED_OFFSET);
            if (heartbeat != readerHeartbeats[r]) {
                readerHeartbeats[r] = heartbeat;
                readerHeartbeatChanged[r] = nowNanos;
            }
            if (!active) {
                continue;
            }
            boolean dead = !file.lockedElsewhere(readerLock(r));
            boolean stalled = nowNanos - readerHeartbeatChanged[r] > LIVENESS_TIMEOUT_MILLIS * 1_000_000L;
            if (dead || stalled) {
                LONG_HANDLE.setVolatile(meta, entry + READER_REVOKED_OFFSET, leaseNumber);
                LONG_HANDLE.setOpaque(meta, (long) REVOCATIONS_OFFSET, ++revocations);
                revokedNow++;
            }
        }
        return revokedNow;
    }

    /** Sets the state (LIVE → CLOSED, SUPERSEDED or FAILED), with an error message for FAILED. */
    void state(int state, String message) {
        if (message != null) {
            byte[] text = message.getBytes(StandardCharsets.UTF_8);
            int n = Math.min(text.length, ERROR_MESSAGE_LENGTH - 1);
            MemorySegment.copy(text, 0, meta, java.lang.foreign.ValueLayout.JAVA_BYTE, ERROR_MESSAGE_OFFSET, n);
            meta.set(java.lang.foreign.ValueLayout.JAVA_BYTE, ERROR_MESSAGE_OFFSET + n, (byte) 0);
        }
        INT_HANDLE.setVolatile(meta, (long) STATE_OFFSET, state);
    }

    long framesPublished() {
        return framesPublished;
    }

    /** Unmaps the file and closes it (its locks go with it). The name is the caller's business. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        file.close();
        arena.close();
    }
}
