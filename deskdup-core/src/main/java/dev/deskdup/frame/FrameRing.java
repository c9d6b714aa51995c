package dev.deskdup.frame;

import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.FrameHandler;
import dev.deskdup.PixelFormat;
import dev.deskdup.ScreenCapture;
import dev.deskdup.source.Source;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The ring of preallocated slots a {@link Source} writes into, and the {@link ScreenCapture} the consumer sees.
 *
 * <p>Pull: {@link #acquire} claims a free slot, has the source fill it on the caller's thread (for X11: one
 * MIT-SHM request, the X server writes the pixels into the slot) and hands the slot's view out. Push:
 * {@link #stream} runs the same loop on one capture thread ({@code Delivery.EVERY}, {@link EveryStream}), or fills on
 * a capture thread while a delivery thread runs the handler ({@code Delivery.LATEST}, {@link LatestStream}). No
 * allocation and no lock on any path: slot states are a CAS protocol, and the one-consumer rule is a CAS on
 * {@link #busy}.
 */
public final class FrameRing implements ScreenCapture {

    /** The longest maxFps pacing parks at once, so that stop and close are seen within 100 ms. */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    private final Source source;
    /** How long one fill may block: the source's own limit (long when it can be woken, else 40 ms). */
    private final long sourceWaitNanos;
    private final FrameSlot[] slots;
    private final long minIntervalNanos;
    private final long repeatIntervalNanos;
    private final Delivery delivery;

    /** 0 idle, 1 an acquire/fill is running, -1 closed: close waits for a running fill before freeing memory. */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean open = true;
    private volatile RingStream stream;

    private long sequence;
    private long nextDueNanos;
    /** When the last frame was filled (0: none yet): the repeat cadence counts from it. */
    private long lastFilledNanos;
    private final DroppedChanges dropped = new DroppedChanges();
    private volatile long framesDelivered;
    private volatile long framesDropped;
    private volatile long bytesCopied;

    /**
     * @param repeatIntervalNanos when no frame came for this long, deliver one that repeats the previous one
     *                            ({@link Frame#isRepeat()}); 0: never
     */
    public FrameRing(Source source, int slotCount, double maxFps, Delivery delivery, long repeatIntervalNanos) {
        this.source = source;
        this.sourceWaitNanos = Math.max(1, source.maxWaitNanos());
        this.delivery = delivery;
        this.repeatIntervalNanos = repeatIntervalNanos;
        this.minIntervalNanos = maxFps > 0 ? (long) (1e9 / maxFps) : 0;
        this.slots = new FrameSlot[slotCount];
        try {
            for (int i = 0; i < slotCount; i++) {
                slots[i] = new FrameSlot(this, i);
                source.attach(slots[i]);
            }
        } catch (RuntimeException | Error e) {
            source.close();
            throw e;
        }
    }

    /** How long a stream thread may wait in one call before looking at its stop flag again. */
    long waitSliceNanos() {
        return sourceWaitNanos;
    }

    /** The backend, for diagnostics. */
    public Source source() {
        return source;
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
    public Frame acquire(long timeout, TimeUnit unit) {
        RingStream s = stream;
        if (s != null && !s.isCaptureThread(Thread.currentThread())) {
            throw new IllegalStateException("acquire called while a stream is running on this capture; stop the "
                    + "stream first (one consumer at a time)");
        }
        return acquireNanos(unit.toNanos(Math.max(0, timeout)));
    }

    /** Captures into a free slot and delivers it (pull, and push with {@code EVERY}). */
    Frame acquireNanos(long timeoutNanos) {
        FrameSlot slot = captureNext(timeoutNanos, false);
        if (slot != null) {
            deliver(slot);
        }
        return slot;
    }

    /** Hands a filled slot to the consumer: numbered, counted. Consumer's (or delivering) thread. */
    void deliver(FrameSlot slot) {
        framesDelivered++;
        slot.publish(++sequence);
    }

    /**
     * Claims a slot and has the source fill it, honouring maxFps and the repeat cadence; returns the filled slot
     * (still claimed, not yet delivered) or null when nothing came within the timeout.
     *
     * @param reuseReady under {@code LATEST}: when no slot is free, take back the frame waiting for the consumer
     *                   (it is then dropped)
     */
    FrameSlot captureNext(long timeoutNanos, boolean reuseReady) {
        checkOpen();
        if (!busy.compareAndSet(0, 1)) {
            checkOpen();
            throw new IllegalStateException("acquire is already running on another thread; a capture has one "
                    + "consumer at a time");
        }
        try {
            FrameSlot slot = reuseReady ? claimFreeOrReady() : claimFreeSlot();
            if (slot == null) {
                return null;
            }
            try {
                long deadline = System.nanoTime() + timeoutNanos;
                if (minIntervalNanos > 0 && !pace(deadline)) {
                    slot.unclaim();
                    return null;
                }
                long repeatDue = repeatIntervalNanos > 0 && lastFilledNanos != 0
                        ? lastFilledNanos + repeatIntervalNanos : Long.MAX_VALUE;
                while (true) {
                    long now = System.nanoTime();
                    long remaining = deadline - now;
                    long wait = Math.min(remaining, sourceWaitNanos);
                    if (repeatDue != Long.MAX_VALUE) {
                        wait = Math.min(wait, repeatDue - now);
                    }
                    boolean filled = source.fill(slot, Math.max(0, wait));
                    if (filled) {
                        slot.repeat(false);
                        break;
                    }
                    if (repeatDue != Long.MAX_VALUE && System.nanoTime() - repeatDue >= 0
                            && source.fillRepeat(slot)) {
                        break;
                    }
                    if (!open || remaining <= 0 || stopRequested()) {
                        slot.unclaim();
                        return null;
                    }
                }
                if (minIntervalNanos > 0) {
                    // A steady cadence; after a long stall start afresh rather than bursting to catch up.
                    long now = System.nanoTime();
                    long next = nextDueNanos + minIntervalNanos;
                    nextDueNanos = lastFilledNanos == 0 || next < now - minIntervalNanos ? now + minIntervalNanos : next;
                }
                lastFilledNanos = System.nanoTime();
                bytesCopied += slot.takeBytesWritten();
                dropped.applyTo(slot);
                return slot;
            } catch (RuntimeException | Error e) {
                slot.unclaim();
                throw e;
            }
        } finally {
            busy.compareAndSet(1, 0);
        }
    }

    /** {@code LATEST}: a free slot, else the frame waiting for the consumer (dropped), else null (all held). */
    private FrameSlot claimFreeOrReady() {
        for (FrameSlot slot : slots) {
            if (slot.tryClaim()) {
                return slot;
            }
        }
        RingStream s = stream;
        FrameSlot ready = s != null ? s.takeBackReady() : null;
        if (ready != null) {
            drop(ready);
            source.released(ready); // done with as far as the source knows; refilled at once
        }
        return ready;
    }

    /** Adds the changes of frames dropped so far to {@code slot} (filled, about to be offered). */
    void carryInto(FrameSlot slot) {
        dropped.applyTo(slot);
    }

    /** Whether some slot is free to fill. */
    boolean anySlotFree() {
        for (FrameSlot slot : slots) {
            if (slot.isFree()) {
                return true;
            }
        }
        return false;
    }

    FrameSlot slot(int index) {
        return slots[index];
    }

    /** A filled frame that will never be delivered: counted, and its changes carried into the next one. */
    void drop(FrameSlot slot) {
        dropped.take(slot);
        framesDropped++;
    }

    /** Waits until the next frame is due under maxFps; false if that is past the deadline. */
    private boolean pace(long deadline) {
        long due = nextDueNanos;
        while (true) {
            long now = System.nanoTime();
            if (now >= due) {
                return true;
            }
            if (due > deadline && now >= deadline) {
                return false;
            }
            if (!open || stopRequested()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(Math.min(due, deadline) - now, WAIT_SLICE_NANOS));
            if (System.nanoTime() >= deadline && due > deadline) {
                return false;
            }
        }
    }

    private boolean stopRequested() {
        RingStream s = stream;
        return s != null && s.stopRequested;
    }

    boolean isOpenInternal() {
        return open;
    }

    /** A stream ended: forget it (start/stop only, never on the frame path). */
    synchronized void streamEnded(RingStream s) {
        if (stream == s) {
            stream = null;
        }
    }

    FrameSlot claimFreeSlot() {
        for (FrameSlot slot : slots) {
            if (slot.tryClaim()) {
                return slot;
            }
        }
        throw new IllegalStateException("all slots=" + slots.length + " are held by the consumer; release a frame "
                + "before acquiring another, or open the capture with more slots");
    }

    void released(FrameSlot slot) {
        RingStream s = stream;
        if (open && s != null && s.defersRelease(slot)) {
            return; // LATEST: the capture thread tells the source (the SPI's one-thread rule)
        }
        finishRelease(slot);
    }

    /** Tells the source a slot was released and frees it. On the thread that fills slots (SPI contract). */
    void finishRelease(FrameSlot slot) {
        try {
            if (open) {
                source.released(slot);
            }
        } finally {
            if (open) {
                slot.freed();
            } else {
                slot.markClosed();
            }
        }
    }

    @Override
    public CaptureStream stream(FrameHandler handler) {
        checkOpen();
        if (handler == null) {
            throw new IllegalArgumentException("handler=null (give a FrameHandler that consumes each frame)");
        }
        synchronized (this) { // start/stop only, never on the frame path
            if (stream != null && stream.isRunning()) {
                throw new IllegalStateException("a stream is already running on this capture; stop it first");
            }
            RingStream t = delivery == Delivery.EVERY ? new EveryStream(this, handler)
                    : new LatestStream(this, handler);
            stream = t;
            t.start();
            return t;
        }
    }

    @Override
    public long framesDelivered() {
        return framesDelivered;
    }

    @Override
    public long framesDropped() {
        return framesDropped;
    }

    @Override
    public long bytesCopied() {
        return bytesCopied;
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
        boolean fromCapture = t != null && t.isCaptureThread(Thread.currentThread());
        if (t != null) {
            t.requestStop();
            t.joinOthers(); // every stream thread but the calling one
        }
        // Wait for a fill running on another thread: woken above, or within its source's wait slice, it sees !open.
        while (!busy.compareAndSet(0, -1)) {
            if (busy.get() == -1) {
                break;
            }
            if (fromCapture) {
                break; // closed from inside the handler on the capture thread: its fill is not running now
            }
            LockSupport.parkNanos(100_000);
        }
        for (FrameSlot slot : slots) {
            slot.markClosed();
        }
        source.close();
    }

    static void joinQuietly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
