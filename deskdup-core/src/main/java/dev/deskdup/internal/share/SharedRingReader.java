package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;
import dev.deskdup.Frame;
import dev.deskdup.RingClosedException;
import dev.deskdup.RingReader;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * {@link RingReader} over the current generation's file. Waits by backing off (spin, yield, then parking up to
 * 100 µs), checks the producer's liveness every 20 ms while waiting, and moves to the next generation's file when
 * the producer supersedes this one.
 */
final class SharedRingReader implements RingReader, Heartbeats.Party {

    private static final long LIVENESS_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final String name;
    private volatile ReaderGeneration generation;
    private RingFrame held;
    private long lastNumber;
    private boolean nextSizeChanged;
    private volatile boolean open = true;
    private long framesAcquired;
    private long framesLost;

    private SharedRingReader(String name, ReaderGeneration generation) {
        this.name = name;
        this.generation = generation;
    }

    static SharedRingReader open(String name, long timeoutNanos) {
        RingFile.checkName(name);
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            ReaderGeneration g = ReaderGeneration.tryOpen(name, READER_KIND_JAVA);
            if (g != null) {
                SharedRingReader reader = new SharedRingReader(name, g);
                Heartbeats.register(reader);
                return reader;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new CaptureException("no ring name=" + name + " (path=" + RingFile.pathOf(name) + "): start "
                        + "a producer first, e.g. deskdup share --name " + name);
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }

    @Override
    public void tick(long nowNanos) {
        ReaderGeneration g = generation;
        if (g != null && open) {
            g.beat(nowNanos);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int width() {
        checkOpen();
        return generation.width;
    }

    @Override
    public int height() {
        checkOpen();
        return generation.height;
    }

    @Override
    public Frame acquire(long timeout, TimeUnit unit) {
        checkOpen();
        if (held != null) {
            throw new IllegalStateException("a frame of ring name=" + name + " is still held (sequence="
                    + lastNumber + "); release it before acquiring the next (a reader holds one frame at a time)");
        }
        long start = System.nanoTime();
        long deadline = start + unit.toNanos(Math.max(0, timeout));
        long lastCheck = start;
        int idle = 0;
        while (true) {
            ReaderGeneration g = generation;
            if (g.checkState() == STATE_SUPERSEDED) {
                moveOn(deadline);
                continue;
            }
            long latest = g.latest();
            if (latest >>> LATEST_SLOT_BITS > lastNumber) {
                RingFrame frame = g.tryLease((int) (latest & LATEST_SLOT_MASK));
                if (frame != null) {
                    if (frame.loadedNumber() <= lastNumber) {
                        // Rewritten with a frame already handed out (latest lagged behind): not a new one.
                        frame.abandon();
                        lastNumber = Math.max(lastNumber, latest >>> LATEST_SLOT_BITS);
                        continue;
                    }
                    lastNumber = frame.loadedNumber();
                    frame.hold(this, nextSizeChanged);
                    nextSizeChanged = false;
                    held = frame;
                    framesAcquired++;
                    return frame;
                }
                continue; // the producer moved on meanwhile: look at the newest again
            }
            long now = System.nanoTime();
            if (now - lastCheck > LIVENESS_CHECK_NANOS) {
                lastCheck = now;
                g.checkProducer(now);
            }
            if (now - deadline >= 0) {
                return null;
            }
            idle = backOff(idle, deadline - now);
        }
    }

    /** Spin, then yield, then park for longer and longer, up to 100 µs (and never past the deadline). */
    private static int backOff(int idle, long remainingNanos) {
        if (idle < 200) {
            Thread.onSpinWait();
        } else if (idle < 220) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(Math.min(remainingNanos, Math.min(MAX_PARK_NANOS, 10_000L * (idle - 219))));
        }
        return idle + 1;
    }

    /** This generation was superseded (the producer's screen was resized): map the next one. */
    private void moveOn(long deadline) {
        ReaderGeneration old = generation;
        ReaderGeneration next = ReaderGeneration.reopen(name, READER_KIND_JAVA,
                Math.max(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(1)));
        if (next == null) {
            throw new RingClosedException("ring name=" + name + " was superseded but no new generation appeared; "
                    + "end of stream", false);
        }
        if (next.generation == old.generation) {
            next.close();
            throw new RingClosedException("ring name=" + name + " generation=" + old.generation + " was superseded "
                    + "but the name still shows it; end of stream", true);
        }
        generation = next; // the heartbeat thread beats the new entry from its next tick
        Heartbeats.paused(old::close);
        nextSizeChanged = true;
    }

    void released(RingFrame frame, boolean lost) {
        if (held == frame) {
            held = null;
        }
        if (lost) {
            framesLost++;
        }
    }

    @Override
    public long framesAcquired() {
        return framesAcquired;
    }

    @Override
    public long framesLost() {
        return framesLost;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("ring reader name=" + name + " is closed; open a new one");
        }
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        Heartbeats.unregister(this);
        held = null;
        Heartbeats.paused(generation::close);
    }
}
