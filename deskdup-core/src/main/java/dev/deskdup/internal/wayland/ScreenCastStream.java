package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.MappedBuffer;
import dev.deskdup.internal.pipewire.PodBuilder;
import dev.deskdup.internal.pipewire.PwStream;
import dev.deskdup.internal.pipewire.PwThreadLoop;
import dev.deskdup.internal.pipewire.SpaBuffers;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.internal.pipewire.VideoParams;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.LockSupport;

/**
 * The loop-thread side of a screen-cast stream ({@link PwStream.Listener}): negotiates the format and buffers,
 * keeps a table of the buffers, and in {@code process} dequeues what arrived. Every field is guarded by the loop
 * lock, which PipeWire holds around each callback and the filling thread takes for its short turns (see
 * {@link WaylandSource}); only {@link #waiter} and {@link #signals} are read without it, to park and wake.
 *
 * <h2>Which buffers are kept</h2>
 * Arrived frames wait in {@link #pending} until a fill takes them. With {@code latest} (Delivery.LATEST, pull) at
 * most one waits: a newer frame sends the older one back to PipeWire at once, so the producer never runs out of
 * buffers while the consumer is slow; the older frame's damage is carried into the newer one. Corrupted buffers
 * ({@code SPA_META_HEADER_FLAG_CORRUPTED} or a corrupted chunk) and buffers without pixels (cursor-only updates)
 * go back at once; their cursor metadata is read first, in order.
 */
final class ScreenCastStream implements PwStream.Listener {

    static final int MAX_BUFFERS = 32;
    private static final int DAMAGE_REGIONS = 16;

    private final PwThreadLoop loop;
    private final boolean latest;
    private final boolean wantCursor;
    private final int preferredWidth;
    private final int preferredHeight;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment podScratch = arena.allocate(4096, 8);
    final CursorState cursor;
    private PwStream stream;

    private final StreamBuffer[] table = new StreamBuffer[MAX_BUFFERS];
    private final long[] pending = new long[MAX_BUFFERS];
    private int pendingHead;
    private int pendingCount;

    /** Damage of frames that were never delivered (replaced, corrupted), owed to the next delivered one. */
    final RectSet carried = new RectSet(SlotWriter.MAX_DIRTY_RECTS);
    boolean carriedFull = true;
    boolean cursorPending;

    VideoFormat format;
    int generation;
    int state = PwStream.STATE_UNCONNECTED;
    boolean streamed;
    long pausedSinceNanos;
    String failure;
    private boolean dmabufRetried;
    /** When the producer chose DMA-BUF and deskdup asked again for SHM (0: it did not). */
    long dmabufRetryNanos;
    long framesDroppedAtSource;
    long framesCorrupted;

    /** PipeWire's loop thread as Java sees it, from the first {@code process} on (what the allocation test watches). */
    volatile Thread loopThread;
    volatile Thread waiter;
    /** Bumped whenever something for the filling thread happened: it parks only if this did not change. */
    volatile int signals;

    ScreenCastStream(PwThreadLoop loop, boolean latest, boolean wantCursor, int slots, int preferredWidth,
                     int preferredHeight) {
        this.loop = loop;
        this.latest = latest;
        this.wantCursor = wantCursor;
        this.cursor = new CursorState(slots);
        this.preferredWidth = preferredWidth > 0 ? preferredWidth : 1920;
        this.preferredHeight = preferredHeight > 0 ? preferredHeight : 1080;
    }

    void attach(PwStream s) {
        this.stream = s;
    }

    /** The EnumFormat params to connect with: SHM first, a DMA-BUF probe after it (see VideoParams). */
    MemorySegment[] initialParams(boolean withDmabufProbe) {
        PodBuilder b = new PodBuilder(podScratch);
        int shm = VideoParams.enumFormatShm(b, preferredWidth, preferredHeight);
        if (!withDmabufProbe) {
            return new MemorySegment[]{b.pod(shm)};
        }
        int dma = VideoParams.enumFormatDmabufProbe(b, preferredWidth, preferredHeight);
        return new MemorySegment[]{b.pod(shm), b.pod(dma)};
    }

    // ---- loop thread ---------------------------------------------------------------------------------------

    @Override
    public void stateChanged(int oldState, int newState, String error) {
        state = newState;
        if (newState == PwStream.STATE_STREAMING) {
            streamed = true;
            pausedSinceNanos = 0;
        } else if (newState == PwStream.STATE_ERROR) {
            fail(dmabufRetried
                    ? "the compositor offers only DMA-BUF buffers (GPU memory), which deskdup does not import yet; "
                    + "it needs shared-memory (MemFd/MemPtr) buffers (PipeWire: " + error + ")"
                    : "the PipeWire stream failed: " + error);
        } else if (newState == PwStream.STATE_PAUSED && streamed) {
            pausedSinceNanos = System.nanoTime();
        } else if (newState == PwStream.STATE_UNCONNECTED && streamed) {
            fail("the PipeWire stream was disconnected (the compositor ended the screen cast, or PipeWire stopped)");
        }
        wake();
    }

    @Override
    public void paramChanged(int id, long pod) {
        if (id != PwStream.PARAM_FORMAT || pod == 0) {
            return;
        }
        VideoFormat f;
        try {
            f = VideoFormat.parse(MemorySegment.ofAddress(pod));
        } catch (IllegalArgumentException e) {
            fail("the compositor's PipeWire format is not usable: " + e.getMessage());
            return;
        }
        if (f.hasModifier()) {
            if (!dmabufRetried) {
                // It picked DMA-BUF although SHM was offered first: ask again with SHM only. If that fails to
                // negotiate, the stream errors and the message says DMA-BUF was all it offered.
                dmabufRetried = true;
                dmabufRetryNanos = System.nanoTime();
                stream.updateParams(initialParams(false));
                return;
            }
            fail("the compositor offers only DMA-BUF buffers (GPU memory, format " + f + "), which deskdup does "
                    + "not import yet; it needs shared-memory (MemFd/MemPtr) buffers");
            return;
        }
        if (!f.isSupported()) {
            fail("the compositor's pixel format=" + f.formatName() + " is not one deskdup reads (BGRx, BGRA, RGBx, "
                    + "RGBA)");
            return;
        }
        if (f.width() <= 0 || f.height() <= 0 || f.width() > VideoParams.MAX_SIZE
                || f.height() > VideoParams.MAX_SIZE) {
            fail("the compositor's frame size=" + f.width() + "x" + f.height() + " is out of range");
            return;
        }
        format = f;
        dmabufRetryNanos = 0;
        generation++;
        carriedFull = true;
        PodBuilder b = new PodBuilder(podScratch);
        int buffers = VideoParams.buffers(b, 8, 2, MAX_BUFFERS, 0, 0, false);
        int header = VideoParams.meta(b, VideoParams.META_HEADER, VideoParams.HEADER_SIZE);
        int damage = VideoParams.metaRange(b, VideoParams.META_VIDEO_DAMAGE,
                VideoParams.REGION_SIZE * DAMAGE_REGIONS, VideoParams.REGION_SIZE, VideoParams.REGION_SIZE * 64);
        int crop = VideoParams.meta(b, VideoParams.META_VIDEO_CROP, VideoParams.REGION_SIZE);
        if (wantCursor) {
            int cur = VideoParams.metaRange(b, VideoParams.META_CURSOR, VideoParams.cursorMetaSize(64, 64),
                    VideoParams.cursorMetaSize(1, 1),
                    VideoParams.cursorMetaSize(CursorState.MAX_SIZE, CursorState.MAX_SIZE));
            stream.updateParams(b.pod(buffers), b.pod(header), b.pod(damage), b.pod(crop), b.pod(cur));
        } else {
            stream.updateParams(b.pod(buffers), b.pod(header), b.pod(damage), b.pod(crop));
        }
        wake();
    }

    @Override
    public void addBuffer(long pwBuffer) {
        VideoFormat f = format;
        if (f == null) {
            return;
        }
        int index = -1;
        for (int i = 0; i < MAX_BUFFERS; i++) {
            if (table[i] == null) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            fail("PipeWire added more than " + MAX_BUFFERS + " buffers");
            return;
        }
        long spa = SpaBuffers.spaBuffer(pwBuffer);
        if (SpaBuffers.dataCount(spa) < 1) {
            fail("a PipeWire buffer without data blocks");
            return;
        }
        MappedBuffer mapped;
        try {
            mapped = MappedBuffer.map(spa);
        } catch (IllegalArgumentException | IllegalStateException e) {
            fail(e.getMessage().contains("DMA-BUF")
                    ? "the compositor sent DMA-BUF buffers (GPU memory), which deskdup does not import yet; it "
                    + "needs shared-memory (MemFd/MemPtr) buffers"
                    : "cannot map a PipeWire buffer: " + e.getMessage());
            return;
        }

        table[index] = new StreamBuffer(index, pwBuffer, mapped, generation, f.width(), f.height());
        SpaBuffers.userData(pwBuffer, index + 1);
    }

    @Override
    public void removeBuffer(long pwBuffer) {
        StreamBuffer b = lookup(pwBuffer);
        if (b == null) {
            return;
        }
        table[b.index] = null;
        SpaBuffers.userData(pwBuffer, 0);
        b.removed = true;
        removePending(pwBuffer);
        if (b.holders == 0 || !b.mapped.outlivesRemoval()) {
            b.mapped.close(); // MemPtr memory is PipeWire's: views held by consumers throw from now on
        }
    }

    @Override
    public void process() {
        if (loopThread == null) {
            loopThread = Thread.currentThread();
        }
        long pw;
        boolean arrived = false;
        while ((pw = stream.dequeue()) != 0) {
            StreamBuffer b = lookup(pw);
            if (b == null) {
                stream.queue(pw);
                continue;
            }
            boolean cursorChanged = wantCursor && cursor.update(b.cursor);
            int headerFlags = b.header != 0 ? SpaBuffers.headerFlags(SpaBuffers.metaData(b.header)) : 0;
            if ((headerFlags & SpaBuffers.HEADER_FLAG_CORRUPTED) != 0
                    || (SpaBuffers.chunkFlags(b.data) & SpaBuffers.CHUNK_FLAG_CORRUPTED) != 0) {
                framesCorrupted++;
                carry(b);
                stream.queue(pw);
                continue;
            }
            if (SpaBuffers.chunkSize(b.data) == 0) {
                stream.queue(pw); // no pixels: a cursor-only update
                if (cursorChanged) {
                    cursorPending = true;
                    arrived = true;
                }
                continue;
            }
            if (latest && pendingCount > 0) {
                StreamBuffer older = lookup(popPending());
                if (older != null) {
                    carry(older);
                    stream.queue(older.pwBuffer);
                    framesDroppedAtSource++;
                }
            }
            pushPending(pw);
            arrived = true;
        }
        if (arrived) {
            wake();
        }
    }

    @Override
    public void callbackFailed(Throwable t) {
        fail("internal error in a PipeWire callback: " + t);
    }

    // ---- either thread, loop lock held ------------------------------------------------------------------------

    StreamBuffer lookup(long pwBuffer) {
        long i = SpaBuffers.userData(pwBuffer) - 1;
        return i >= 0 && i < MAX_BUFFERS ? table[(int) i] : null;
    }

    int pendingCount() {
        return pendingCount;
    }

    long popPending() {
        long pw = pending[pendingHead];
        pendingHead = (pendingHead + 1) % MAX_BUFFERS;
        pendingCount--;
        return pw;
    }

    private void pushPending(long pw) {
        pending[(pendingHead + pendingCount) % MAX_BUFFERS] = pw;
        pendingCount++;
    }

    private void removePending(long pw) {
        int kept = 0;
        for (int i = 0; i < pendingCount; i++) {
            long p = pending[(pendingHead + i) % MAX_BUFFERS];
            if (p != pw) {
                pending[(pendingHead + kept) % MAX_BUFFERS] = p;
                kept++;
            }
        }
        pendingCount = kept;
    }

    /** Adds a buffer's damage (all of it when it has no damage metadata) to what the next frame owes. */
    void carry(StreamBuffer b) {
        if (carriedFull) {
            return;
        }
        if (!Damage.addTo(carried, b, 0, 0, b.width, b.height)) {
            carriedFull = true;
        }
    }

    /** The filling thread is done with a buffer: queue it back when nobody else holds it. */
    void releaseHold(StreamBuffer b) {
        if (--b.holders > 0) {
            return;
        }
        if (b.removed) {
            b.mapped.close();
        } else {
            stream.queue(b.pwBuffer);
        }
    }

    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
        wake();
    }

    void wake() {
        signals++;
        Thread t = waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Frees what is left after the stream is destroyed (loop stopped): mappings of buffers still held. */
    void freeAll() {
        for (int i = 0; i < MAX_BUFFERS; i++) {
            if (table[i] != null) {
                table[i].mapped.close();
                table[i] = null;
            }
        }
        cursor.close();
        arena.close();
    }

    PwThreadLoop loop() {
        return loop;
    }
}
