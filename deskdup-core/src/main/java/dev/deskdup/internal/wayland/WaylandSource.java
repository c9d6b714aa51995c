package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureException;
import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.internal.pipewire.MappedBuffer;
import dev.deskdup.internal.pipewire.PipeWire;
import dev.deskdup.internal.pipewire.PwContext;
import dev.deskdup.internal.pipewire.PwStream;
import dev.deskdup.internal.pipewire.PwThreadLoop;
import dev.deskdup.internal.pipewire.SpaBuffers;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.spi.SourceContext;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Captures a Wayland screen through the desktop portal and PipeWire: the portal session's PipeWire node is consumed
 * by a {@code pw_stream} on PipeWire's own thread loop ({@link ScreenCastStream}), and each frame a slot shows is
 * one of PipeWire's shared-memory buffers, mapped once and handed out as a read-only view, no byte copied.
 *
 * <h2>Threads</h2>
 * PipeWire's loop thread receives the buffers ({@code process}); the filling thread of the SPI takes them in
 * {@link #fill}. The two meet under the thread loop's lock, which PipeWire requires anyway for calling into the
 * stream from another thread ({@code pw_stream_queue_buffer} on release): one short lock per fill and one per
 * release, no allocation. The filling thread parks while nothing is pending; {@code process}, a state change and
 * {@link #wakeUp()} unpark it.
 *
 * <h2>Buffers held</h2>
 * A buffer stays dequeued while a slot shows it (until the consumer releases the frame) and while it is the newest
 * frame (kept for repeats under {@code minFrameInterval} and for cursor-only updates); then it is queued back.
 *
 * <h2>Copying mode</h2>
 * Frames are copied (only what changed, see {@link SlotCopies}) when the slots' memory comes from the ring (a shared
 * ring file) or the compositor's format is RGBx/RGBA (converted to BGRA while copying).
 */
public final class WaylandSource implements CaptureSource {

    /** How long the stream may stay paused after streaming before the producer counts as gone. */
    static final long PAUSED_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    static final long NEGOTIATE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long DMABUF_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    private final PortalSession session;
    private final PwThreadLoop loop;
    private final PwContext context;
    private final PwStream stream;
    private final ScreenCastStream s;
    private final NanoClock clock;
    private final boolean wantCursor;
    private final SourceContext sourceContext;
    private final StreamBuffer[] slotBuffers;
    private final FrameRegion region = new FrameRegion();
    private SlotCopies copies;
    private StreamBuffer newest;
    private int lastGeneration = -1;
    private int lastCropX = -1, lastCropY = -1;
    private MappedBuffer placeholder;
    private PortalWatcher watcher;
    private volatile boolean wakeRequested;
    private volatile boolean closed;
    private volatile int width;
    private volatile int height;
    private volatile String state = "running";

    private WaylandSource(PortalSession session, CursorMode cursorMode, boolean latest, SourceContext ctx) {
        this.session = session;
        this.clock = ctx.clock();
        this.sourceContext = ctx;
        this.wantCursor = cursorMode == CursorMode.SEPARATE;
        this.slotBuffers = new StreamBuffer[ctx.slots()];
        PortalStream ps = session.streams().getFirst();
        this.loop = PwThreadLoop.create("deskdup-pipewire");
        PwContext c = null;
        PwStream st = null;
        ScreenCastStream listener = new ScreenCastStream(loop, latest, wantCursor, ctx.slots(), ps.width(),
                ps.height());
        try {
            c = PwContext.create(loop);
            c.connectFd(session.takePipeWireFd());
            st = PwStream.create(c, "deskdup screen capture", "media.type=Video media.category=Capture "
                    + "media.role=Screen node.dont-reconnect=true", listener);
            listener.attach(st);
            st.connect(true, (int) ps.nodeId(), PwStream.FLAG_AUTOCONNECT, listener.initialParams(true));
            loop.start();
        } catch (RuntimeException | Error e) {
            if (st != null) {
                st.close();
            }
            if (c != null) {
                c.close();
            }
            loop.close();
            listener.freeAll();
            throw e;
        }
        this.context = c;
        this.stream = st;
        this.s = listener;
    }

    /**
     * Opens the stream on the session's first PipeWire node and waits until a format is negotiated (so that
     * {@link #width()} and {@link #height()} are known when the ring attaches its slots). On failure everything,
     * the portal session included, is closed.
     */
    static WaylandSource open(PortalSession session, CursorMode cursorMode, boolean latest, SourceContext ctx) {
        WaylandSource source;
        try {
            source = new WaylandSource(session, cursorMode, latest, ctx);
        } catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
        try {
            source.awaitFormat();
            source.watcher = PortalWatcher.start(session, source.loop, source.s);
            return source;
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    private void awaitFormat() {
        long deadline = System.nanoTime() + NEGOTIATE_TIMEOUT_NANOS;
        while (true) {
            int seen = s.signals;
            loop.lock();
            try {
                if (s.failure != null) {
                    throw new CaptureException(s.failure);
                }
                VideoFormat f = s.format;
                if (f != null) {
                    width = f.width();
                    height = f.height();
                    copies = f.isBgrOrder() && sourceContext.memory() == null ? null
                            : new SlotCopies(slotBuffers.length, sourceContext.memory());
                    return;
                }
            } finally {
                loop.unlock();
            }
            long left = deadline - System.nanoTime();
            long retry = s.dmabufRetryNanos;
            if (retry != 0 && System.nanoTime() - retry > DMABUF_RETRY_NANOS) {
                throw new CaptureException("the compositor offers only DMA-BUF buffers (GPU memory), which deskdup "
                        + "does not import yet; it needs shared-memory (MemFd/MemPtr) buffers (asked again for "
                        + "shared memory: no format within " + DMABUF_RETRY_NANOS / 1_000_000 + " ms)");
            }
            if (left <= 0) {
                throw new CaptureException("no video format was negotiated with the compositor's PipeWire node="
                        + session.streams().getFirst().nodeId() + " within " + NEGOTIATE_TIMEOUT_NANOS / 1_000_000_000L
                        + " s (stream state=" + PwStream.stateName(s.state) + ")");
            }
            s.waiter = Thread.currentThread();
            if (s.signals == seen) {
                LockSupport.parkNanos(Math.min(left, 50_000_000L));
            }
            s.waiter = null;
        }
    }

    @Override
    public String name() {
        return "wayland";
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void attach(SlotWriter slot) {
        int w = width, h = height;
        if (copies != null) {
            copies.ensure(slot, w, h);
            return;
        }
        if (placeholder == null) {
            placeholder = MappedBuffer.zeroes(4L * w * h);
        }
        slot.bind(placeholder.view(), placeholder.view(), w, h, 4 * w);
    }

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            int seen = s.signals;
            loop.lock();
            try {
                checkFailure();
                while (s.pendingCount() > 0) {
                    StreamBuffer b = s.lookup(s.popPending());
                    if (b != null && b.readable()) {
                        deliver(slot, b, false);
                        return true;
                    }
                }
                if (s.cursorPending && newest != null && newest.readable()) {
                    s.cursorPending = false;
                    deliver(slot, newest, true);
                    return true;
                }
            } finally {
                loop.unlock();
            }
            if (wakeRequested) {
                wakeRequested = false;
                return false;
            }
            long now = System.nanoTime();
            long wait = deadline - now;
            if (wait <= 0) {
                return false;
            }
            s.waiter = Thread.currentThread();
            if (s.signals == seen && !wakeRequested) {
                LockSupport.parkNanos(wait);
            }
            s.waiter = null;
        }
    }

    @Override
    public boolean fillRepeat(SlotWriter slot) {
        loop.lock();
        try {
            checkFailure();
            if (s.pendingCount() > 0 || newest == null || !newest.readable()) {
                return fillNow(slot);
            }
            deliver(slot, newest, true);
            slot.repeat(true);
            return true;
        } finally {
            loop.unlock();
        }
    }

    private boolean fillNow(SlotWriter slot) {
        while (s.pendingCount() > 0) {
            StreamBuffer b = s.lookup(s.popPending());
            if (b != null && b.readable()) {
                deliver(slot, b, false);
                return true;
            }
        }
        return false;
    }

    /** Throws the stream's failure, if any (loop lock held). */
    private void checkFailure() {
        if (closed) {
            throw new CaptureException("the Wayland capture is closed");
        }
        if (s.failure == null && s.pausedSinceNanos != 0 && System.nanoTime() - s.pausedSinceNanos > PAUSED_GRACE_NANOS) {
            s.fail("the screen cast's PipeWire producer went away (its stream stayed paused for more than "
                    + PAUSED_GRACE_NANOS / 1_000_000 + " ms after streaming): the compositor or PipeWire stopped");
        }
        if (s.failure != null) {
            state = "failed: " + s.failure;
            throw new CaptureException(s.failure);
        }
    }

    /** Puts buffer {@code b} into the slot: a view of it, or a copy (loop lock held). */
    private void deliver(SlotWriter slot, StreamBuffer b, boolean sameFrame) {
        int i = slot.index();
        if (slotBuffers[i] != null) {
            s.releaseHold(slotBuffers[i]); // the ring released it without telling us; never leak a buffer
            slotBuffers[i] = null;
        }
        String unusable = region.read(b);
        if (unusable != null) {
            s.fail(unusable);
            checkFailure();
        }
        int cx = region.x, cy = region.y, w = region.width, h = region.height, stride = region.stride;
        long offset = region.offset, length = region.length;
        MemorySegment view;
        try {
            view = b.view(offset, length);
        } catch (IllegalArgumentException e) {
            s.fail(e.getMessage());
            checkFailure();
            return;
        }
        boolean full = b.generation != lastGeneration || cx != lastCropX || cy != lastCropY || w != width
                || h != height;
        if (copies != null) {
            copies.ensure(slot, w, h);
        } else {
            slot.bind(view, view, w, h, stride);
        }
        RectSet dirty = slot.dirty();
        if (!sameFrame) {
            if (full || s.carriedFull) {
                slot.setFullyDirty();
            } else {
                for (int r = 0; r < s.carried.count(); r++) {
                    dirty.addClipped(s.carried.x(r) - cx, s.carried.y(r) - cy, s.carried.width(r),
                            s.carried.height(r), w, h);
                }
                if (!Damage.addTo(dirty, b, cx, cy, w, h)) {
                    slot.setFullyDirty();
                }
            }
            s.carried.clear();
            s.carriedFull = false;
        }
        if (copies != null) {
            slot.bytesWritten(copies.copy(slot, view, stride, !formatIsBgr()));
        } else {
            slot.bytesWritten(0);
            b.holders++;
            slotBuffers[i] = b;
        }
        if (b != newest) {
            b.holders++;
            if (newest != null) {
                s.releaseHold(newest);
            }
            newest = b;
        }
        lastGeneration = b.generation;
        lastCropX = cx;
        lastCropY = cy;
        width = w;
        height = h;
        slot.timestampNanos(clock.nanoTime());
        if (b.header != 0) {
            long pts = SpaBuffers.headerPts(SpaBuffers.metaData(b.header));
            slot.serverTimeMillis(pts > 0 ? pts / 1_000_000 : 0);
        }
        if (wantCursor) {
            s.cursor.writeTo(slot.cursor(), i, cx, cy, w, h);
        }
    }

    private boolean formatIsBgr() {
        VideoFormat f = s.format;
        return f == null || f.isBgrOrder();
    }

    @Override
    public void released(SlotWriter slot) {
        loop.lock();
        try {
            StreamBuffer b = slotBuffers[slot.index()];
            if (b != null) {
                slotBuffers[slot.index()] = null;
                if (!closed) {
                    s.releaseHold(b);
                }
            }
        } finally {
            loop.unlock();
        }
    }

    @Override
    public long maxWaitNanos() {
        return TimeUnit.SECONDS.toNanos(1);
    }

    @Override
    public void wakeUp() {
        wakeRequested = true;
        Thread t = s.waiter;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    @Override
    public boolean tracksChanges() {
        return true;
    }

    @Override
    public boolean zeroCopy() {
        return copies == null;
    }

    @Override
    public String state() {
        return state;
    }

    /** Frames PipeWire delivered that were replaced by newer ones before a fill took them (LATEST). */
    public long framesDroppedAtSource() {
        loop.lock();
        try {
            return s.framesDroppedAtSource;
        } finally {
            loop.unlock();
        }
    }

    /** The thread PipeWire calls {@code process} on; null before the first frame. */
    Thread loopThread() {
        return s.loopThread;
    }

    /** Buffers dropped because the producer flagged them corrupted. */
    public long framesCorrupted() {
        loop.lock();
        try {
            return s.framesCorrupted;
        } finally {
            loop.unlock();
        }
    }

    @Override
    public List<Feature> features() {
        List<Feature> out = new ArrayList<>();
        VideoFormat f;
        loop.lock();
        try {
            f = s.format;
        } finally {
            loop.unlock();
        }
        PortalInfo info = session.info();
        out.add(Feature.on("portal", "org.freedesktop.portal.ScreenCast version " + info.version()));
        out.add(Feature.on("pipewire", "libpipewire " + PipeWire.libraryVersion()));
        out.add(f == null ? Feature.off("format", "not negotiated yet")
                : Feature.on("format", f + (copies == null ? ", zero-copy"
                : f.isBgrOrder() ? ", copied into the ring's memory" : ", converted to BGRA (one copy per frame)")));
        out.add(Feature.on("damage", "SPA_META_VideoDamage when the compositor sends it, else full frames"));
        out.add(wantCursor ? Feature.on("cursor", "portal cursor mode metadata (SPA_META_Cursor)")
                : session.cursorMode() == PortalInfo.CURSOR_EMBEDDED
                ? Feature.on("cursor", "drawn into the frames by the compositor (portal cursor mode embedded)")
                : Feature.off("cursor", "not tracked (cursor=NONE)"));
        return out;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        loop.lock();
        try {
            closed = true;
            if (watcher != null) {
                watcher.stop(); // under the lock: it never fails a stream that is being closed
            }
            stream.close(); // remove_buffer for each buffer runs now, on this thread
            context.close();
        } finally {
            loop.unlock();
        }
        wakeUp();
        if (watcher != null) {
            watcher.close(); // waits for it (at most one check period) before the loop goes
        }
        loop.close();
        for (int i = 0; i < slotBuffers.length; i++) {
            if (slotBuffers[i] != null) {
                slotBuffers[i].mapped.close();
                slotBuffers[i] = null;
            }
        }
        if (newest != null) {
            newest.mapped.close();
            newest = null;
        }
        s.freeAll();
        if (copies != null) {
            copies.close();
        }
        if (placeholder != null) {
            placeholder.close();
        }
        session.close();
        state = "closed";
    }
}
