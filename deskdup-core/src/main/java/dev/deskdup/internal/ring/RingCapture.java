package dev.deskdup.internal.ring;

import dev.deskdup.CaptureInfo;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.FrameHandler;
import dev.deskdup.FrameSchedule;
import dev.deskdup.PixelFormat;
import dev.deskdup.ScreenCapture;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link ScreenCapture} a consumer holds: a ring of preallocated slots that one {@link CaptureSource} fills.
 *
 * <p>Pull: {@link #acquire} claims a free slot, has the source fill it on the caller's thread and hands out the
 * slot's view. Push: {@link #stream} runs the same loop on a capture thread ({@link Delivery#EVERY},
 * {@link EveryStream}), or fills on a capture thread while a delivery thread runs the handler
 * ({@link Delivery#LATEST}, {@link LatestStream}). The frame path takes no lock and allocates nothing: slot states
 * are a CAS protocol ({@link Slot}), the one-filler rule is a CAS on {@link #fillPermit}; {@code stream} and
 * {@code close} synchronize, on start and stop only.
 */
public final class RingCapture implements ScreenCapture, StopSignal, ReleaseHandler {

    /** How long stop and close wait for a handler that does not return by itself, before giving up on it. */
    static final Duration HANDLER_TIMEOUT = RingStream.DEFAULT_STOP_TIMEOUT;

    private static final int IDLE = 0;
    private static final int FILLING = 1;
    private static final int RELEASING = 2;
    private static final int CLOSED = -1;

    private final CaptureSource source;
    private final SlotReleases releases = new SlotReleases();
    private final SlotStore store;
    private final FrameFiller filler;
    private final CaptureCounters counters = new CaptureCounters();
    private final DroppedChanges dropped = new DroppedChanges();
    private final Delivery delivery;
    private final NanoClock clock;

    /**
     * IDLE; FILLING (a fill runs: one filler at a time); RELEASING (a consumer tells the source of a release itself,
     * briefly); CLOSED. Whoever holds it may call the source; close waits for a running fill to end.
     */
    private final AtomicInteger fillPermit = new AtomicInteger(IDLE);
    private volatile boolean open = true;
    private volatile RingStream stream;

    // The delivering thread's view of the previous delivered frame, for sizeChanged.
    private boolean deliveredAny;
    private int deliveredWidth;
    private int deliveredHeight;

    private RingCapture(CaptureSource source, CaptureOptions options, NanoClock clock) {
        this.source = source;
        this.clock = clock;
        this.delivery = options.delivery();
        this.store = new SlotStore(options.slots(), this);
        boolean absolute = options.frameSchedule() == FrameSchedule.ABSOLUTE;
        long repeat = options.minFrameInterval().toNanos();
        long minInterval = options.maxFps() > 0 ? Math.round(1e9 / options.maxFps()) : 0;
        this.filler = new FrameFiller(source, store, releases,
                new Pacer(absolute ? 0 : minInterval, repeat, absolute), clock, counters);
        for (int i = 0; i < store.size(); i++) {
            source.attach(store.get(i));
        }
    }

    /**
     * The capture around an opened source: slots, pacing, delivery and repeat cadence as {@code options} say.
     * Closes the source when building the capture fails.
     */
    public static RingCapture open(CaptureSource source, CaptureOptions options, NanoClock clock) {
        try {
            return new RingCapture(source, options, clock);
        } catch (RuntimeException | Error e) {
            try {
                source.close();
            } catch (RuntimeException | Error suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public String sourceName() {
        return source.name();
    }

    @Override
    public int width() {
        checkOpen();
        return source.width();
    }

    @Override
    public int height() {
        checkOpen();
        return source.height();
    }

    @Override
    public PixelFormat format() {
        return PixelFormat.BGRA;
    }

    @Override
    public CaptureInfo info() {
        boolean isOpen = open;
        return new CaptureInfo(source.name(), source.width(), source.height(), store.size(), source.tracksChanges(),
                source.zeroCopy(), isOpen ? source.state() : "closed", source.features());
    }

    @Override
    public Frame acquire(long timeout, TimeUnit unit) {
        RingStream s = stream;
        if (s != null && !s.isFillingThread(Thread.currentThread())) {
            throw new IllegalStateException("acquire called while a stream is running on this capture; stop the "
                    + "stream first (one consumer at a time)");
        }
        return acquireNanos(unit.toNanos(Math.max(0, timeout)));
    }

    /** Fills a free slot and delivers it (pull, and push with {@code EVERY}); null when nothing came in time. */
    Frame acquireNanos(long timeoutNanos) {
        Slot slot = fillNext(timeoutNanos, null);
        if (slot == null) {
            return null;
        }
        deliver(slot);
        return slot.frame();
    }

    /**
     * Claims a slot and has the source fill it; returns the filled slot (still FILLING, not yet delivered) or null
     * when nothing came within the timeout.
     *
     * @param latest the running LATEST stream, which gives back its waiting frame when no slot is free (that frame
     *               is then dropped and its slot refilled); null: all slots held is the consumer's error
     */
    Slot fillNext(long timeoutNanos, LatestStream latest) {
        checkOpen();
        int seen;
        while (!fillPermit.compareAndSet(IDLE, FILLING)) {
            seen = fillPermit.get();
            if (seen == RELEASING) {
                Thread.onSpinWait(); // a release on another thread is telling the source: a few microseconds
                continue;
            }
            checkOpen();
            throw new IllegalStateException("acquire is already running on another thread; a capture has one "
                    + "consumer at a time");
        }
        try {
            filler.drainReleases();
            Slot slot = store.claimFree();
            if (slot == null && latest != null) {
                slot = latest.takeBackReady();
                if (slot != null) {
                    drop(slot);
                    slot.takeBack();
                    source.released(slot); // done with as far as the source knows; refilled at once
                }
            }
            if (slot == null) {
                if (latest != null) {
                    return null; // every slot is with the consumer: the capture thread waits for a release
                }
                throw new IllegalStateException("all slots=" + store.size() + " are held by the consumer; release "
                        + "a frame before acquiring another, or open the capture with more slots");
            }
            boolean filled;
            try {
                filled = filler.fill(slot, timeoutNanos, this);
            } catch (RuntimeException | Error e) {
                slot.unclaim();
                throw e;
            }
            if (!filled) {
                slot.unclaim();
                return null;
            }
            dropped.applyTo(slot);
            return slot;
        } finally {
            fillPermit.compareAndSet(FILLING, IDLE);
        }
    }

    /**
     * A consumer released {@code slot}. In pull mode with no fill running, the releasing thread tells the source
     * itself (under the fill permit, so the source is still called by one thread at a time); otherwise the release
     * waits for the filling thread's next turn ({@link SlotReleases}).
     */
    @Override
    public void released(Slot slot) {
        if (stream == null && fillPermit.compareAndSet(IDLE, RELEASING)) {
            try {
                filler.drainReleases();
                filler.releaseNow(slot);
            } finally {
                fillPermit.compareAndSet(RELEASING, IDLE);
            }
            return;
        }
        releases.add(slot);
    }

    /** A filled frame that will never be delivered: counted, its changes carried into the next one. */
    void drop(Slot slot) {
        dropped.take(slot);
        counters.addDropped();
    }

    /** Carries what dropped frames changed into {@code slot} (filled, about to be offered). */
    void carryInto(Slot slot) {
        dropped.applyTo(slot);
    }

    /** Hands a filled slot to the consumer: numbered, its size compared with the previous delivered frame's. */
    void deliver(Slot slot) {
        boolean sizeChanged = deliveredAny && (slot.width != deliveredWidth || slot.height != deliveredHeight);
        if (sizeChanged) {
            slot.dirty.set(0, 0, slot.width, slot.height);
            slot.repeat = false;
        }
        deliveredAny = true;
        deliveredWidth = slot.width;
        deliveredHeight = slot.height;
        slot.publish(counters.addDelivered(), sizeChanged);
    }

    FrameFiller filler() {
        return filler;
    }

    SlotStore store() {
        return store;
    }

    SlotReleases releases() {
        return releases;
    }

    CaptureSource source() {
        return source;
    }

    boolean isOpenInternal() {
        return open;
    }

    @Override
    public boolean stopRequested() {
        RingStream s = stream;
        return !open || (s != null && s.stopRequested);
    }

    /** A stream ended: forget it (start/stop only, never on the frame path). */
    synchronized void streamEnded(RingStream s) {
        if (stream == s) {
            stream = null;
            releases.wakeOnRelease(null);
        }
    }

    @Override
    public CaptureStream stream(FrameHandler handler) {
        checkOpen();
        if (handler == null) {
            throw new IllegalArgumentException("handler=null (give a FrameHandler that consumes each frame)");
        }
        synchronized (this) { // start/stop only, never on the frame path
            RingStream running = stream;
            if (running != null && running.isRunning()) {
                throw new IllegalStateException("a stream is already running on this capture; stop it first");
            }
            RingStream t = delivery == Delivery.EVERY ? new EveryStream(this, handler)
                    : new LatestStream(this, handler);
            stream = t;
            releases.wakeOnRelease(t.fillingThread());
            t.start();
            return t;
        }
    }

    @Override
    public long framesDelivered() {
        return counters.delivered();
    }

    @Override
    public long framesDropped() {
        return counters.dropped();
    }

    @Override
    public long bytesCopied() {
        return counters.bytes();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("capture is closed (source=" + source.name() + "); open a new one");
        }
    }

    /**
     * Stops any stream (a handler that does not return within {@link #HANDLER_TIMEOUT} is interrupted and then
     * left behind: its frame reads as closed), waits for a fill running on another thread (sources return from a
     * fill promptly once woken), then invalidates every frame and closes the source.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        source.wakeUp();
        RingStream t = stream;
        if (t != null) {
            t.stopForClose(HANDLER_TIMEOUT);
        }
        boolean onFillingThread = t != null && t.isFillingThread(Thread.currentThread());
        while (!fillPermit.compareAndSet(IDLE, CLOSED)) {
            if (fillPermit.get() == CLOSED || (onFillingThread && fillPermit.get() != RELEASING)) {
                break; // closed from inside the handler on the filling thread: its fill is not running now
            }
            source.wakeUp();
            clock.parkNanos(100_000);
        }
        store.closeAll();
        source.close();
    }
}
