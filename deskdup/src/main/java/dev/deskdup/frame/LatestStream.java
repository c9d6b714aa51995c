package dev.deskdup.frame;

import dev.deskdup.FrameHandler;

import java.util.concurrent.atomic.AtomicInteger;
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

    @Override
    void wakeThreads() {
        LockSupport.unpark(capture);
        LockSupport.unpark(delivery);
    }

    private void captureLoop() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                FrameSlot slot = ring.captureNext(FrameRing.WAIT_SLICE_NANOS, true);
                if (slot == null) {
                    if (ring.allSlotsHeld()) {
                        LockSupport.parkNanos(FrameRing.WAIT_SLICE_NANOS); // the handler holds the only slot
                    }
                    continue;
                }
                FrameSlot older = ready.getAndSet(null);
                if (older != null) { // the consumer did not take it in time: drop it, keep its changes
                    ring.drop(older);
                    ring.carryInto(slot);
                    older.unclaim();
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
                left.unclaim();
            }
            endIfLast();
        }
    }

    private void deliveryLoop() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                FrameSlot slot = ready.getAndSet(null);
                if (slot == null) {
                    LockSupport.parkNanos(FrameRing.WAIT_SLICE_NANOS);
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
