package dev.deskdup.frame;

import dev.deskdup.FrameHandler;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code Delivery.LATEST}: a capture thread keeps filling slots while a delivery thread runs the handler. The newest
 * filled frame waits in {@link #ready}; a newer one replaces it (the older is dropped: counted, its changes carried
 * into the newer). When no slot is free the capture thread takes back the waiting frame and refills it. The handoff
 * is one {@link AtomicReference} and park/unpark: no lock, no allocation per frame.
 */
final class LatestStream extends RingStream {

    private final AtomicReference<FrameSlot> ready = new AtomicReference<>();
    private final AtomicInteger running = new AtomicInteger(2);
    /** Slots released on the delivery thread, one bit per slot index, for the capture thread to hand back. */
    private final AtomicLong releasedSlots = new AtomicLong();
    private volatile boolean captureEnded;
    private final Thread capture;
    private final Thread delivery;

    LatestStream(FrameRing ring, FrameHandler handler) {
        super(ring, handler);
        this.capture = new Thread(this::captureLoop, "deskdup-capture-" + ring.sourceName());
        this.delivery = new Thread(this::deliveryLoop, "deskdup-deliver-" + ring.sourceName());
        capture.setDaemon(true);
        delivery.setDaemon(true);
    }

    @Override
    void start() {
        capture.start();
        delivery.start();
    }

    @Override
    Thread[] threads() {
        return new Thread[]{capture, delivery};
    }

    @Override
    boolean isCaptureThread(Thread t) {
        return t == capture;
    }

    @Override
    FrameSlot takeBackReady() {
        return ready.getAndSet(null);
    }

    /**
     * A frame released on any thread but the capture thread: the source hears of it on the capture thread, before
     * its next fill (the slot stays unavailable until then). Once the capture thread has ended, at once.
     */
    @Override
    boolean defersRelease(FrameSlot slot) {
        if (Thread.currentThread() == capture) {
            return false;
        }
        long bit = 1L << slot.index();
        long seen;
        do {
            seen = releasedSlots.get();
        } while (!releasedSlots.compareAndSet(seen, seen | bit));
        if (captureEnded) {
            handBackReleased();
        } else {
            LockSupport.unpark(capture);
        }
        return true;
    }

    /** Tells the source of every deferred release and frees those slots. Each bit is handled exactly once. */
    private void handBackReleased() {
        long bits = releasedSlots.getAndSet(0);
        while (bits != 0) {
            int index = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            ring.finishRelease(ring.slot(index));
        }
    }

    @Override
    void wakeThreads() {
        LockSupport.unpark(capture);
        LockSupport.unpark(delivery);
    }

    private void captureLoop() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                handBackReleased();
                FrameSlot slot = ring.captureNext(ring.waitSliceNanos(), true);
                if (slot == null) {
                    if (!ring.anySlotFree() && releasedSlots.get() == 0) {
                        LockSupport.parkNanos(ring.waitSliceNanos()); // every slot is with the consumer
                    }
                    continue;
                }
                FrameSlot older = ready.getAndSet(null);
                if (older != null) { // the consumer did not take it in time: drop it, keep its changes
                    ring.drop(older);
                    ring.carryInto(slot);
                    ring.finishRelease(older); // the source hears of it as of any frame done with
                }
                ready.set(slot);
                LockSupport.unpark(delivery);
            }
        } catch (Throwable e) {
            fail(e);
            stopRequested = true;
            LockSupport.unpark(delivery);
        } finally {
            FrameSlot left = ready.getAndSet(null);
            if (left != null) {
                ring.finishRelease(left);
            }
            captureEnded = true;
            handBackReleased();
            endIfLast();
        }
    }

    private void deliveryLoop() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                FrameSlot slot = ready.getAndSet(null);
                if (slot == null) {
                    LockSupport.parkNanos(ring.waitSliceNanos());
                    continue;
                }
                ring.deliver(slot);
                try {
                    handler.onFrame(slot);
                } finally {
                    slot.close();
                    LockSupport.unpark(capture); // a slot is free again
                }
            }
        } catch (Throwable e) {
            fail(e);
            requestStop();
        } finally {
            endIfLast();
        }
    }

    /** Once per thread, at its end: the second one to end unregisters the stream. */
    private void endIfLast() {
        if (running.decrementAndGet() == 0) {
            ring.streamEnded(this);
        }
    }
}
