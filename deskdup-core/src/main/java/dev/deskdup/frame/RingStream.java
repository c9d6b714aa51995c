package dev.deskdup.frame;

import dev.deskdup.CaptureStream;
import dev.deskdup.FrameHandler;

import java.time.Duration;

/** A running push-mode stream of a {@link FrameRing}: its threads, stop flag and failure. */
abstract class RingStream implements CaptureStream {

    final FrameRing ring;
    final FrameHandler handler;
    volatile boolean stopRequested;
    volatile Throwable failure;

    RingStream(FrameRing ring, FrameHandler handler) {
        this.ring = ring;
        this.handler = handler;
    }

    abstract void start();

    /** The threads of this stream. */
    abstract Thread[] threads();

    /** Whether {@code t} is the thread that fills slots (it may call acquire while the stream runs). */
    abstract boolean isCaptureThread(Thread t);

    /** {@code LATEST}: takes back the frame waiting for the consumer, if any (capture thread). */
    FrameSlot takeBackReady() {
        return null;
    }

    /**
     * Whether this stream takes over telling the source that {@code slot} was released (so that the source is only
     * ever called from the capture thread). Default: no, the releasing thread does it.
     */
    boolean defersRelease(FrameSlot slot) {
        return false;
    }

    void requestStop() {
        stopRequested = true;
        ring.source().wakeUp();
        wakeThreads();
    }

    void wakeThreads() {
    }

    /** Records the first failure that ends the stream (nothing once a stop was asked for and the ring closed). */
    void fail(Throwable t) {
        if (t instanceof IllegalStateException && (stopRequested || !ring.isOpenInternal())) {
            return; // the capture was closed under us: a normal end
        }
        if (failure == null) {
            failure = t;
        }
    }

    /** Joins every stream thread except the calling one. */
    void joinOthers() {
        for (Thread t : threads()) {
            if (t != Thread.currentThread()) {
                FrameRing.joinQuietly(t);
            }
        }
    }

    @Override
    public void stop() {
        requestStop();
        joinOthers();
    }

    @Override
    public boolean isRunning() {
        for (Thread t : threads()) {
            if (t.isAlive()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads()) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            t.join(left);
        }
        return !isRunning();
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
