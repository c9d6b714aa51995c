package dev.deskdup.internal.share;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A producer for tests that needs no capture: renders checksummed frames straight into the ring's slots on its own
 * thread, with the publishing policy of the real publisher (the newest slot stays readable, every other slot is taken
 * back at once unless a reader leases it), and resizes on request (a new generation).
 */
final class TestRingWriter implements AutoCloseable {

    final RingProducer producer;
    private final Thread thread;
    private final long intervalNanos;
    private volatile boolean stop;
    private volatile int[] resizeTo;
    final AtomicLong frames = new AtomicLong();
    volatile Throwable failure;

    TestRingWriter(String name, int slots, int readers, int width, int height, long intervalNanos) {
        this.producer = new RingProducer(name, slots, readers, width, height, width * 4,
                new ProducerInfo(ProcessHandle.current().pid(), System.currentTimeMillis(), "test",
                        RingDescriptor.WRITE_PATH_RENDERED));
        this.intervalNanos = intervalNanos;
        this.thread = Thread.ofPlatform().name("test-ring-writer").start(this::run);
    }

    /** Asks for the next frames to have this size. */
    void resize(int width, int height) {
        resizeTo = new int[]{width, height};
    }

    private void run() {
        try {
            RingWriter w = producer.current();
            RingWriter old = null;
            int latest = -1;
            long n = 0;
            boolean sizeChanged = false;
            while (!stop) {
                int[] r = resizeTo;
                if (r != null) {
                    resizeTo = null;
                    RingWriter next = producer.prepare(r[0], r[1], r[0] * 4);
                    old = w;
                    w = next;
                    latest = -1;
                    sizeChanged = true;
                }
                int slot = writableSlot(w, latest);
                if (slot < 0) {
                    LockSupport.parkNanos(10_000);
                    continue;
                }
                RingGeometry g = w.geometry();
                Checksums.render(w.slotPixels(slot), g.stride(), g.width(), g.height(), ++n);
                w.publish(slot, n, System.nanoTime(), 0, sizeChanged ? RingDescriptor.FLAG_SIZE_CHANGED : 0, 1,
                        new int[]{0, 0, g.width(), g.height()}, 0, 0);
                if (sizeChanged) {
                    producer.install(w);
                    sizeChanged = false;
                }
                latest = slot;
                frames.set(n);
                takeBack(w, latest);
                if (old != null && takeBack(old, -1)) {
                    producer.retire(old);
                    old = null;
                }
                if (intervalNanos > 0) {
                    LockSupport.parkNanos(intervalNanos);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** A slot that may be written: one never published or taken back, else one taken back now; -1 when all leased. */
    private static int writableSlot(RingWriter w, int latest) {
        int slots = w.geometry().slotCount();
        for (int i = 0; i < slots; i++) {
            if (i != latest && !w.isPublished(i)) {
                return i;
            }
        }
        for (int i = 0; i < slots; i++) {
            if (i != latest && w.tryTakeForWriting(i)) {
                return i;
            }
        }
        return -1;
    }

    /** Takes back every published slot but {@code latest}; true when none is left published. */
    private static boolean takeBack(RingWriter w, int latest) {
        boolean all = true;
        for (int i = 0; i < w.geometry().slotCount(); i++) {
            if (i != latest && w.isPublished(i) && !w.tryTakeForWriting(i)) {
                all = false;
            }
        }
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
        producer.close();
        if (failure != null) {
            throw new AssertionError("the test writer failed", failure);
        }
    }
}
