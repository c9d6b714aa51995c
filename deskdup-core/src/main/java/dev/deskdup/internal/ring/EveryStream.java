package dev.deskdup.internal.ring;

import dev.deskdup.Frame;
import dev.deskdup.FrameHandler;

/**
 * {@code Delivery.EVERY}: capture and handler take turns on one thread, so every captured frame is delivered and
 * the capture waits for the consumer.
 */
final class EveryStream extends RingStream implements Runnable {

    private final Thread thread;
    private final Thread[] threads;

    EveryStream(RingCapture ring, FrameHandler handler) {
        super(ring, handler);
        this.thread = new Thread(this, "deskdup-capture-" + ring.sourceName());
        thread.setDaemon(true);
        this.threads = new Thread[]{thread};
    }

    @Override
    void start() {
        thread.start();
    }

    @Override
    Thread[] threads() {
        return threads;
    }

    @Override
    Thread fillingThread() {
        return thread;
    }

    @Override
    Thread handlerThread() {
        return thread;
    }

    @Override
    void wakeThreads() {
        // the only wait is inside the source, which requestStop has woken
    }

    @Override
    public void run() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                Frame frame = ring.acquireNanos(ring.filler().waitSliceNanos());
                if (frame != null) {
                    handle(frame);
                }
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            ring.streamEnded(this);
        }
    }
}
