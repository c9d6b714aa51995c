package dev.deskdup.internal.share;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The layout of a shared-memory ring file: one file per geometry generation, written by one producer, read by up to
 * {@code readerCapacity} readers in other processes. docs/ring-format.md says the same in prose, with the protocol;
 * the Python reader ({@code python/deskdup/ring.py}) mirrors these constants.
 *
 * <pre>
 *   0 +--------------------------------------------------------------------------------+
 *     | Header (HEADER_LENGTH = 4096 bytes; all integers little-endian)                 |
 *     |  line 0-2 static, written before the version:                                  |
 *     |     0 magic "DDUPRING" u64 | 8 version i32 (major&lt;&lt;16|minor; 0 until ready,      |
 *     |    12 headerLength i32     |   written LAST with release ordering)              |
 *     |    16 slotCount i32 | 20 readerCapacity i32 | 24 width | 28 height | 32 stride   |
 *     |    36 pixelFormat i32 (1 = BGRA) | 40 slotHeadersOffset i64                     |
 *     |    48 slotHeaderLength i32 | 52 readerEntryLength i32 | 56 readersOffset i64     |
 *     |    64 pixelsOffset i64 | 72 slotPixelsLength i64 | 80 fileLength i64            |
 *     |    88 producerPid i64 | 96 producerStartMillis i64 | 104 generation i64          |
 *     |   112 maxDirtyRects i32 | 116 writePath i32 | 120 heartbeatPeriodMillis i32      |
 *     |   124 livenessTimeoutMillis i32 | 128 sourceName char[32] (ASCII, NUL-padded)    |
 *     |  line 3 (192): state i32 (INIT, LIVE, CLOSED, SUPERSEDED, FAILED)               |
 *     |  line 4 (256): heartbeat i64 (producer's monotonic ns; changes every period)     |
 *     |  line 5 (320): latest i64 = frameNumber&lt;&lt;16 | slotIndex (0: nothing yet)        |
 *     |  line 6 (384): framesPublished i64 | 392 leaseDeferrals i64 | 400 revocations   |
 *     |  512..1023: error message, UTF-8, NUL-terminated (state FAILED)                   |
 *  4096 +--------------------------------------------------------------------------------+
 *     | Slot headers: slotCount x SLOT_HEADER_LENGTH (384), each on its own cache lines  |
 *     |     0 sequence i64 (seqlock: odd while the slot is being written, even when       |
 *     |       stable, 0 never written) | 8 frameNumber i64 | 16 timestampNanos i64         |
 *     |    24 serverTimeMillis i64 | 32 flags i32 (1 repeat, 2 sizeChanged, 4 cursor      |
 *     |       visible) | 36 dirtyRectCount i32 | 40 cursorX i32 | 44 cursorY i32          |
 *     |    64 dirty rects: maxDirtyRects x {x, y, width, height} i32                     |
 *     +--------------------------------------------------------------------------------+
 *     | Reader entries: readerCapacity x READER_ENTRY_LENGTH (64), one cache line each    |
 *     |     0 lease i64 = leaseNumber&lt;&lt;16 | (slot+1), 0 in the low bits: no lease (reader) |
 *     |     8 heartbeat i64 (reader; changes at least every 100 ms while it lives)       |
 *     |    16 revoked i64 (producer: leases numbered &lt;= this are void)                   |
 *     |    24 pid i32 | 28 kind i32 (1 Java, 2 Python) | 32 framesRead i64 | 40 framesLost |
 *     |    48 claimedAtMillis i64 (epoch)                                                |
 *     +--------------------------------------------------------------------------------+
 *     | (padding to PIXELS_ALIGNMENT = 64 KiB, the mmap granularity of Windows)          |
 *     +--------------------------------------------------------------------------------+
 *     | Pixels: slotCount x slotPixelsLength (stride*height rounded up to 4096), slot i  |
 *     | at pixelsOffset + i*slotPixelsLength; BGRA, rows stride bytes apart               |
 *     +--------------------------------------------------------------------------------+
 *   Lock bytes (never read or written, only locked; they lie past the end of the file):
 *     LOCK_BASE + 0 producer (held while it lives) | + 1 replacer | + 2 + i reader entry i
 * </pre>
 *
 * <p>Who writes what: the producer everything but the reader entries' reader fields; a reader only its own entry
 * (the one whose lock byte it holds) and never a pixel (it maps the pixel area read-only).
 *
 * <p>The lease protocol and its proof are in docs/ring-format.md ("Leases"); in short: a reader stores its lease,
 * then (after a full fence) re-reads the slot's sequence; the producer stores an odd sequence into a slot, then
 * (after a full fence) scans the leases, and writes the slot only if none names it. One of the two always sees the
 * other's store, so a lease the reader validated is never written under it.
 */
public final class RingDescriptor {

    private RingDescriptor() {
    }

    /** "DDUPRING" read as a little-endian u64. */
    public static final long MAGIC = 0x474E495250554444L;
    public static final int MAJOR_VERSION = 1;
    public static final int MINOR_VERSION = 0;
    public static final int VERSION = MAJOR_VERSION << 16 | MINOR_VERSION;

    public static final int CACHE_LINE = 64;
    public static final int PAGE = 4096;
    /** Where the pixel area starts is a multiple of this: Windows maps views at 64 KiB boundaries only. */
    public static final int PIXELS_ALIGNMENT = 65536;

    // ---- header ------------------------------------------------------------------------------------------------
    public static final int HEADER_LENGTH = PAGE;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int HEADER_LENGTH_OFFSET = 12;
    public static final int SLOT_COUNT_OFFSET = 16;
    public static final int READER_CAPACITY_OFFSET = 20;
    public static final int WIDTH_OFFSET = 24;
    public static final int HEIGHT_OFFSET = 28;
    public static final int STRIDE_OFFSET = 32;
    public static final int PIXEL_FORMAT_OFFSET = 36;
    public static final int SLOT_HEADERS_OFFSET_OFFSET = 40;
    public static final int SLOT_HEADER_LENGTH_OFFSET = 48;
    public static final int READER_ENTRY_LENGTH_OFFSET = 52;
    public static final int READERS_OFFSET_OFFSET = 56;
    public static final int PIXELS_OFFSET_OFFSET = 64;
    public static final int SLOT_PIXELS_LENGTH_OFFSET = 72;
    public static final int FILE_LENGTH_OFFSET = 80;
    public static final int PRODUCER_PID_OFFSET = 88;
    public static final int PRODUCER_START_MILLIS_OFFSET = 96;
    public static final int GENERATION_OFFSET = 104;
    public static final int MAX_DIRTY_RECTS_OFFSET = 112;
    public static final int WRITE_PATH_OFFSET = 116;
    public static final int HEARTBEAT_PERIOD_MILLIS_OFFSET = 120;
    public static final int LIVENESS_TIMEOUT_MILLIS_OFFSET = 124;
    public static final int SOURCE_NAME_OFFSET = 128;
    public static final int SOURCE_NAME_LENGTH = 32;
    /** Hot fields, each on its own cache line. */
    public static final int STATE_OFFSET = 3 * CACHE_LINE;
    public static final int HEARTBEAT_OFFSET = 4 * CACHE_LINE;
    public static final int LATEST_OFFSET = 5 * CACHE_LINE;
    public static final int FRAMES_PUBLISHED_OFFSET = 6 * CACHE_LINE;
    public static final int LEASE_DEFERRALS_OFFSET = FRAMES_PUBLISHED_OFFSET + 8;
    public static final int REVOCATIONS_OFFSET = FRAMES_PUBLISHED_OFFSET + 16;
    public static final int ERROR_MESSAGE_OFFSET = 512;
    public static final int ERROR_MESSAGE_LENGTH = 512;

    public static final int PIXEL_FORMAT_BGRA = 1;

    /** {@code writePath}: the OS writes the frame straight into the slot (X11 MIT-SHM with fd passing). */
    public static final int WRITE_PATH_OS_DIRECT = 1;
    /** {@code writePath}: the backend copies each frame once into the slot (SysV fallback, DXGI copy-out). */
    public static final int WRITE_PATH_ONE_COPY = 2;
    /** {@code writePath}: the pixels are rendered into the slot by the producer (the synthetic pattern). */
    public static final int WRITE_PATH_RENDERED = 3;

    public static final int STATE_INIT = 0;
    public static final int STATE_LIVE = 1;
    /** The producer ended normally; the file is removed (readers that still map it see this). */
    public static final int STATE_CLOSED = 2;
    /** A new geometry generation replaced this file under the same name: reopen the name. */
    public static final int STATE_SUPERSEDED = 3;
    /** Capturing failed; the error message says why. */
    public static final int STATE_FAILED = 4;

    /** {@code latest}: the slot index in the low 16 bits, the frame number above. */
    public static final int LATEST_SLOT_BITS = 16;
    public static final long LATEST_SLOT_MASK = 0xFFFF;

    // ---- slot headers ------------------------------------------------------------------------------------------
    public static final int MAX_DIRTY_RECTS = 16;
    public static final int SLOT_HEADER_LENGTH = 6 * CACHE_LINE;
    public static final int SLOT_SEQUENCE_OFFSET = 0;
    public static final int SLOT_FRAME_NUMBER_OFFSET = 8;
    public static final int SLOT_TIMESTAMP_OFFSET = 16;
    public static final int SLOT_SERVER_TIME_OFFSET = 24;
    public static final int SLOT_FLAGS_OFFSET = 32;
    public static final int SLOT_DIRTY_COUNT_OFFSET = 36;
    public static final int SLOT_CURSOR_X_OFFSET = 40;
    public static final int SLOT_CURSOR_Y_OFFSET = 44;
    public static final int SLOT_RECTS_OFFSET = CACHE_LINE;
    public static final int RECT_LENGTH = 16;
    public static final int FLAG_REPEAT = 1;
    public static final int FLAG_SIZE_CHANGED = 2;
    public static final int FLAG_CURSOR_VISIBLE = 4;

    // ---- reader entries ----------------------------------------------------------------------------------------
    public static final int READER_ENTRY_LENGTH = CACHE_LINE;
    public static final int READER_LEASE_OFFSET = 0;
    public static final int READER_HEARTBEAT_OFFSET = 8;
    public static final int READER_REVOKED_OFFSET = 16;
    public static final int READER_PID_OFFSET = 24;
    public static final int READER_KIND_OFFSET = 28;
    public static final int READER_FRAMES_OFFSET = 32;
    public static final int READER_LOST_OFFSET = 40;
    public static final int READER_CLAIMED_MILLIS_OFFSET = 48;
    public static final int LEASE_SLOT_BITS = 16;
    public static final long LEASE_SLOT_MASK = 0xFFFF;
    public static final int READER_KIND_JAVA = 1;
    public static final int READER_KIND_PYTHON = 2;

    // ---- locks -------------------------------------------------------------------------------------------------
    public static final long LOCK_BASE = 1L << 40;
    public static final long PRODUCER_LOCK = LOCK_BASE;
    public static final long REPLACER_LOCK = LOCK_BASE + 1;

    /** The lock byte of reader entry {@code index}. */
    public static long readerLock(int index) {
        return LOCK_BASE + 2 + index;
    }

    // ---- timing ------------------------------------------------------------------------------------------------
    /** The producer writes its heartbeat this often (the header says so to readers). */
    public static final int HEARTBEAT_PERIOD_MILLIS = 50;
    /** A heartbeat that has not changed for this long is dead: producer or reader. */
    public static final int LIVENESS_TIMEOUT_MILLIS = 500;

    public static final int MAX_SLOTS = 256;
    public static final int MAX_READERS = 64;

    // ---- access ------------------------------------------------------------------------------------------------
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** For release/acquire/volatile access to the 8-byte aligned protocol words. */
    static final VarHandle LONG_HANDLE = LONG.varHandle();
    static final VarHandle INT_HANDLE = INT.varHandle();

    /** Where slot {@code index}'s header starts. */
    public static long slotHeaderOffset(int index) {
        return HEADER_LENGTH + (long) index * SLOT_HEADER_LENGTH;
    }

    /** Where the reader entries start for {@code slotCount} slots. */
    public static long readersOffset(int slotCount) {
        return slotHeaderOffset(slotCount);
    }

    /** Where reader entry {@code index} starts. */
    public static long readerEntryOffset(int slotCount, int index) {
        return readersOffset(slotCount) + (long) index * READER_ENTRY_LENGTH;
    }

    /** Bytes of the metadata part (header, slot headers, reader entries): what readers map read-write. */
    public static long metadataLength(int slotCount, int readerCapacity) {
        return readersOffset(slotCount) + (long) readerCapacity * READER_ENTRY_LENGTH;
    }

    /** Where the pixel area starts. */
    public static long pixelsOffset(int slotCount, int readerCapacity) {
        return align(metadataLength(slotCount, readerCapacity), PIXELS_ALIGNMENT);
    }

    /** Bytes between one slot's pixels and the next: {@code stride * height} rounded up to a page. */
    public static long slotPixelsLength(int stride, int height) {
        return align((long) stride * height, PAGE);
    }

    /** The whole file's length. */
    public static long fileLength(int slotCount, int readerCapacity, int stride, int height) {
        return pixelsOffset(slotCount, readerCapacity) + slotCount * slotPixelsLength(stride, height);
    }

    static long align(long value, long alignment) {
        return (value + alignment - 1) / alignment * alignment;
    }

    /** {@code "major.minor"} of a version word. */
    public static String versionString(int version) {
        return (version >>> 16) + "." + (version & 0xFFFF);
    }

    /**
     * Checks a header that has its version set: magic, major version, and that every length and offset agrees with
     * this layout and with the file's actual length.
     *
     * @throws RingFormatException naming the field, its value and what was expected
     */
    public static void checkHeader(MemorySegment header, long actualFileLength, String what) {
        if (header.byteSize() < HEADER_LENGTH) {
            throw new RingFormatException(what + " is too short for a ring header: length=" + header.byteSize()
                    + " (expected at least " + HEADER_LENGTH + ")");
        }
        long magic = header.get(LONG, MAGIC_OFFSET);
        if (magic != MAGIC) {
            throw new RingFormatException(what + " is not a deskdup ring file: magic=0x" + Long.toHexString(magic)
                    + " (expected 0x" + Long.toHexString(MAGIC) + ", \"DDUPRING\")");
        }
        int version = (int) INT_HANDLE.getAcquire(header, (long) VERSION_OFFSET);
        if (version >>> 16 != MAJOR_VERSION) {
            throw new RingFormatException(what + " has layout version=" + versionString(version)
                    + " but this reader understands " + MAJOR_VERSION + ".x (" + versionString(VERSION)
                    + "); use a deskdup of the same major version on both sides");
        }
        expect(what, "headerLength", header.get(INT, HEADER_LENGTH_OFFSET), HEADER_LENGTH);
        expect(what, "slotHeaderLength", header.get(INT, SLOT_HEADER_LENGTH_OFFSET), SLOT_HEADER_LENGTH);
        expect(what, "readerEntryLength", header.get(INT, READER_ENTRY_LENGTH_OFFSET), READER_ENTRY_LENGTH);
        expect(what, "maxDirtyRects", header.get(INT, MAX_DIRTY_RECTS_OFFSET), MAX_DIRTY_RECTS);
        expect(what, "pixelFormat", header.get(INT, PIXEL_FORMAT_OFFSET), PIXEL_FORMAT_BGRA);
        int slots = header.get(INT, SLOT_COUNT_OFFSET);
        int readers = header.get(INT, READER_CAPACITY_OFFSET);
        int width = header.get(INT, WIDTH_OFFSET);
        int height = header.get(INT, HEIGHT_OFFSET);
        int stride = header.get(INT, STRIDE_OFFSET);
        if (slots < 2 || slots > MAX_SLOTS || readers < 1 || readers > MAX_READERS || width < 1 || height < 1
                || stride < width * 4L) {
            throw new RingFormatException(what + " has an impossible geometry: slotCount=" + slots
                    + ", readerCapacity=" + readers + ", width=" + width + ", height=" + height + ", stride=" + stride);
        }
        expect(what, "slotHeadersOffset", header.get(LONG, SLOT_HEADERS_OFFSET_OFFSET), HEADER_LENGTH);
        expect(what, "readersOffset", header.get(LONG, READERS_OFFSET_OFFSET), readersOffset(slots));
        expect(what, "pixelsOffset", header.get(LONG, PIXELS_OFFSET_OFFSET), pixelsOffset(slots, readers));
        expect(what, "slotPixelsLength", header.get(LONG, SLOT_PIXELS_LENGTH_OFFSET), slotPixelsLength(stride, height));
        long length = fileLength(slots, readers, stride, height);
        expect(what, "fileLength", header.get(LONG, FILE_LENGTH_OFFSET), length);
        if (actualFileLength < length) {
            throw new RingFormatException(what + " is truncated: length=" + actualFileLength + " (the header says "
                    + length + ")");
        }
    }

    private static void expect(String what, String field, long actual, long expected) {
        if (actual != expected) {
            throw new RingFormatException(what + " has " + field + "=" + actual + " (expected " + expected
                    + " for layout " + versionString(VERSION) + ")");
        }
    }
}
