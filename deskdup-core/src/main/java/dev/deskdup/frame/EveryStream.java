package dev.deskdup.frame;

import dev.deskdup.Frame;
import dev.deskdup.FrameHandler;

/**
 * {@code Delivery.EVERY}: capture and handler take turns on one thread, so every captured frame is delivered and
 * the capture waits for the consumer.
 */
final class EveryStream extends RingStream implements Runnable {

    private final Thread thread;

    EveryStream(FrameRing ring, FrameHandler handler) {
        super(ring, handler);
        this.thread = new Thread(this, "deskdup-capture-" + ring.sourceName());
        thread.setDaemon(true);
    }

    @Override
    void start() {
        thread.start();
    }

    @Override
    Thread[] threads() {
        return new Thread[]{thread};
    }

    @Override
    boolean isCaptureThread(Thread t) {
        return t == thread;
    }

    @Override
    public void run() {
        try {
            while (!stopRequested && ring.isOpenInternal()) {
                Frame frame = ring.acquireNanos(ring.waitSliceNanos());
                if (frame == null) {
                    continue;
                }
                try {
                    handler.onFrame(frame);
                } finally {
                    frame.close();
                }
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            ring.streamEnded(this);
        }
    }
}
