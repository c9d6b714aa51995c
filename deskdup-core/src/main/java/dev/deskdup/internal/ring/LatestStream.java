package dev.deskdup.internal.ring;

import dev.deskdup.FrameHandler;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code Delivery.LATEST}: a capture thread keeps filling slots while a delivery thread runs the handler.
 *
 * <pre>
 *   capture thread                              ready (one slot or null)            delivery thread
 *   fill a free slot ──── offer ──────────────▶ [ slot ] ────── take ──────────────▶ deliver, onFrame, release
 *     a newer one replaces a waiting slot: the older is dropped (counted, its changes carried into the newer)
 *     no slot free: the waiting slot is taken back and refilled (dropped likewise)
 *   releases made on the delivery thread reach the source on the capture thread (SlotReleases), before its next fill
 * </pre>
 *
 * The handoff is one {@link AtomicReference} and park/unpark: no lock, no allocation per frame. Whoever takes the
 * slot out of {@code ready} owns it.
 */
final class LatestStream extends RingStream {

    private final AtomicReference<Slot> ready = new AtomicReference<>();
    private final AtomicInteger running = new AtomicInteger(2);
    private final Thread capture;
    private final Thread delivery;
    private final Thread[] threads;

    LatestStream(RingCapture ring, FrameHandler handler) {
        super(ring, handler);
        this.capture = new Thread(this::captureLoop, "deskdup-capture-" + ring.sourceName());
        this.delivery = new Thread(this::deliveryLoop, "deskdup-deliver-" + ring.sourceName());
        capture.setDaemon(true);
        delivery.setDaemon(true);
        this.threads = new Thread[]{capture, delivery};
    }

    @Override
    void start() {
        capture.start();
        delivery.start();
    }

    @Override
    Thread[] threads() {
        return threads;
    }

    @Override
    Thread fillingThread() {
        return capture;
    }

    @Override
    Thread handlerThread() {
        return delivery;
    }

    /** Takes back the frame waiting for the delivery thread, if any (capture thread, under the fill permit). */
    Slot takeBackReady() {
        return ready.getAndSet(null);
    }

    @Override
    void wakeThreads() {
        LockSupport.unpark(capture);
        LockSupport.unpark(delivery);
    }

    private void captureLoop() {
        FrameFiller filler = ring.filler();
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                Slot slot = ring.fillNext(filler.waitSliceNanos(), this);
                if (slot == null) {
                    if (!ring.store().anyFree() && ring.releases().isEmpty()) {
                        LockSupport.parkNanos(filler.waitSliceNanos()); // every slot is with the consumer
                    }
                    continue;
                }
                Slot older = ready.getAndSet(null);
                if (older != null) { // the consumer did not take it in time: drop it, keep its changes
                    ring.drop(older);
                    ring.carryInto(slot);
                    older.dropped();
                    filler.releaseNow(older);
                }
                slot.offer();
                ready.set(slot);
                LockSupport.unpark(delivery);
            }
        } catch (Throwable e) {
            fail(e);
            stopRequested = true;
            LockSupport.unpark(delivery);
        } finally {
            Slot left = ready.getAndSet(null);
            if (left != null && ring.isOpenInternal()) {
                left.dropped();
                filler.releaseNow(left);
            }
            if (ring.isOpenInternal()) {
                filler.drainReleases();
            }
            endIfLast();
        }
    }

    private void deliveryLoop() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                Slot slot = ready.getAndSet(null);
                if (slot == null) {
                    LockSupport.parkNanos(FrameFiller.WAIT_SLICE_NANOS);
                    continue;
                }
                ring.deliver(slot);
                handle(slot.frame());
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
