package dev.deskdup.frame;

import dev.deskdup.CaptureStream;
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
 * {@link #stream} runs the same loop on one capture thread. No allocation and no lock on either path: slot states
 * are a CAS protocol, and the one-consumer rule is a CAS on {@link #busy}.
 */
public final class FrameRing implements ScreenCapture {

    /** The longest a source is asked to wait at once, so that stop and close are seen within 100 ms. */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    private final Source source;
    private final FrameSlot[] slots;
    private final long minIntervalNanos;

    /** 0 idle, 1 an acquire/fill is running, -1 closed: close waits for a running fill before freeing memory. */
    private final AtomicInteger busy = new AtomicInteger();
    private volatile boolean open = true;
    private volatile StreamThread stream;

    private long sequence;
    private long nextDueNanos;
    private volatile long framesDelivered;
    private volatile long framesDropped;
    private volatile long bytesCopied;

    public FrameRing(Source source, int slotCount, double maxFps) {
        this.source = source;
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

    /** The backend, for diagnostics. */
    public Source source() {
        return source;
    }

    /** The slots, for sources that rebuild them (resize). */
    public FrameSlot[] slots() {
        return slots;
    }

    /** Counts bytes a source moved into slots. Called on the filling thread only. */
    public void addBytesCopied(long bytes) {
        bytesCopied += bytes;
    }

    /** Counts frames a source captured but replaced before delivery. Called on the filling thread only. */
    public void addFramesDropped(long frames) {
        framesDropped += frames;
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
        StreamThread s = stream;
        if (s != null && Thread.currentThread() != s.thread) {
            throw new IllegalStateException("acquire called while a stream is running on this capture; stop the "
                    + "stream first (one consumer at a time)");
        }
        return acquireNanos(unit.toNanos(Math.max(0, timeout)));
    }

    private Frame acquireNanos(long timeoutNanos) {
        checkOpen();
        if (!busy.compareAndSet(0, 1)) {
            checkOpen();
            throw new IllegalStateException("acquire is already running on another thread; a capture has one "
                    + "consumer at a time");
        }
        try {
            FrameSlot slot = claimFreeSlot();
            try {
                long deadline = System.nanoTime() + timeoutNanos;
                if (minIntervalNanos > 0 && !pace(deadline)) {
                    slot.unclaim();
                    return null;
                }
                while (true) {
                    long remaining = deadline - System.nanoTime();
                    boolean filled = source.fill(slot, Math.max(0, Math.min(remaining, WAIT_SLICE_NANOS)));
                    if (filled) {
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
                    nextDueNanos = sequence == 0 || next < now - minIntervalNanos ? now + minIntervalNanos : next;
                }
                bytesCopied += slot.takeBytesWritten();
                framesDelivered++;
                slot.publish(++sequence);
                return slot;
            } catch (RuntimeException | Error e) {
                slot.unclaim();
                throw e;
            }
        } finally {
            busy.compareAndSet(1, 0);
        }
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
        StreamThread s = stream;
        return s != null && s.stopRequested;
    }

    private FrameSlot claimFreeSlot() {
        for (FrameSlot slot : slots) {
            if (slot.tryClaim()) {
                return slot;
            }
        }
        throw new IllegalStateException("all slots=" + slots.length + " are held by the consumer; release a frame "
                + "before acquiring another, or open the capture with more slots");
    }

    void released(FrameSlot slot) {
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
            if (stream != null && stream.isAlive()) {
                throw new IllegalStateException("a stream is already running on this capture; stop it first");
            }
            StreamThread t = new StreamThread(handler);
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
        StreamThread t = stream;
        boolean fromHandler = t != null && t.thread == Thread.currentThread();
        if (t != null && !fromHandler) {
            t.requestStop();
            joinQuietly(t.thread);
        }
        // Wait for a fill running on another thread: it returns within WAIT_SLICE_NANOS once it sees !open.
        while (!busy.compareAndSet(0, -1)) {
            if (busy.get() == -1) {
                break;
            }
            if (fromHandler) {
                break; // closed from inside the handler: the stream's own acquire is not running now
            }
            LockSupport.parkNanos(100_000);
        }
        for (FrameSlot slot : slots) {
            slot.markClosed();
        }
        source.close();
    }

    private static void joinQuietly(Thread t) {
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

    /** The push-mode capture thread. */
    private final class StreamThread implements Runnable, CaptureStream {
        private final FrameHandler handler;
        private final Thread thread;
        volatile boolean stopRequested;
        private volatile Throwable failure;

        StreamThread(FrameHandler handler) {
            this.handler = handler;
            this.thread = new Thread(this, "deskdup-capture-" + source.name());
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        boolean isAlive() {
            return thread.isAlive();
        }

        void requestStop() {
            stopRequested = true;
            source.wakeUp();
        }

        @Override
        public void run() {
            try {
                while (!stopRequested && open) {
                    Frame frame = acquireNanos(WAIT_SLICE_NANOS);
                    if (frame == null) {
                        continue;
                    }
                    try {
                        handler.onFrame(frame);
                    } finally {
                        frame.close();
                    }
                }
            } catch (IllegalStateException e) {
                if (open && !stopRequested) {
                    failure = e;
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                synchronized (FrameRing.this) {
                    if (stream == this) {
                        stream = null;
                    }
                }
            }
        }

        @Override
        public void stop() {
            requestStop();
            if (Thread.currentThread() != thread) {
                joinQuietly(thread);
            }
        }

        @Override
        public boolean isRunning() {
            return isAlive();
        }

        @Override
        public boolean await(java.time.Duration timeout) throws InterruptedException {
            thread.join(Math.max(1, timeout.toMillis()));
            return !thread.isAlive();
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            stop();
        }
    }
}
