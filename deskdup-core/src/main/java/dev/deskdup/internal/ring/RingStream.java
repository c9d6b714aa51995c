package dev.deskdup.internal.ring;

import dev.deskdup.CaptureStream;
import dev.deskdup.Frame;
import dev.deskdup.FrameHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A running push-mode stream of a {@link RingCapture}: its threads, stop flag, failure, and the stop protocol.
 *
 * <h2>Stopping</h2>
 * {@link #stop(Duration)} asks every thread to end and wakes them; the filling thread ends within one source wait
 * (sources are woken at once). A handler still inside {@code onFrame} gets {@link #INTERRUPT_GRACE} to return by
 * itself, is then interrupted, and is waited for until the timeout. If it still has not returned, stop returns
 * false and the stream is <em>abandoned</em>: {@link #isRunning()} stays true until the handler returns; its
 * frame is released then and its slot is reclaimed by the next fill (or reads as closed after the capture closed).
 */
abstract class RingStream implements CaptureStream {

    /** What {@link #stop()} and {@code ScreenCapture.close()} wait for a handler that does not return. */
    static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(2);
    /** How long a handler may take to return by itself before it is interrupted. */
    static final long INTERRUPT_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final Duration INTERRUPT_GRACE = Duration.ofNanos(INTERRUPT_GRACE_NANOS);
    /** The longest we wait for a thread that only fills (never runs the handler) to see its stop flag. */
    static final Duration FILLER_JOIN_LIMIT = Duration.ofSeconds(10);

    final RingCapture ring;
    final FrameHandler handler;
    volatile boolean stopRequested;
    volatile Throwable failure;
    /** The thread inside {@code handler.onFrame} right now, or null. */
    private volatile Thread inHandler;

    RingStream(RingCapture ring, FrameHandler handler) {
        this.ring = ring;
        this.handler = handler;
    }

    abstract void start();

    /** The threads of this stream. */
    abstract Thread[] threads();

    /** The thread that fills slots: it may call acquire while the stream runs (EVERY), and is woken on release. */
    abstract Thread fillingThread();

    /** The thread that runs the handler. */
    abstract Thread handlerThread();

    boolean isFillingThread(Thread t) {
        return t == fillingThread();
    }

    /** Runs the handler on {@code frame} and releases the frame, whatever the handler does. */
    void handle(Frame frame) throws Exception {
        inHandler = Thread.currentThread();
        try {
            handler.onFrame(frame);
        } finally {
            inHandler = null;
            frame.close();
        }
    }

    void requestStop() {
        stopRequested = true;
        ring.source().wakeUp();
        wakeThreads();
    }

    abstract void wakeThreads();

    /** Records the first failure that ends the stream (nothing when the stream was stopped or the ring closed). */
    void fail(Throwable t) {
        if ((t instanceof IllegalStateException || t instanceof InterruptedException) && (stopRequested
                || !ring.isOpenInternal())) {
            return; // the capture was stopped or closed under us: a normal end
        }
        if (failure == null) {
            failure = t;
        }
    }

    @Override
    public void stop() {
        stop(DEFAULT_STOP_TIMEOUT);
    }

    @Override
    public boolean stop(Duration timeout) {
        long nanos = nanos(timeout);
        requestStop();
        return awaitThreads(nanos);
    }

    /** For {@code close}: stop, waiting for the filling thread fully (it may be inside the source) and for a handler bounded. */
    void stopForClose(Duration handlerTimeout) {
        requestStop();
        awaitThreads(nanos(handlerTimeout));
    }

    /**
     * A caller's timeout in nanoseconds: any duration, saturated at {@code Long.MAX_VALUE} (some 292 years) instead
     * of overflowing, negative as zero; null is refused.
     */
    static long nanos(Duration timeout) {
        if (timeout == null) {
            throw new IllegalArgumentException("timeout=null (give a Duration, e.g. Duration.ofSeconds(2))");
        }
        return Math.max(0, TimeUnit.NANOSECONDS.convert(timeout));
    }

    /**
     * Waits for every thread but the calling one: the handler's thread gets its grace, an interrupt if it is still
     * inside the handler, then the rest of {@code limit} nanoseconds; a thread that only fills is joined until it ends
     * (sources return promptly once woken; {@link #FILLER_JOIN_LIMIT} guards against one that does not). Returns
     * whether they all ended.
     */
    private boolean awaitThreads(long limit) {
        long start = System.nanoTime();
        boolean interrupted = false;
        boolean ended = true;
        try {
            for (Thread t : threads()) {
                if (t == Thread.currentThread()) {
                    continue;
                }
                if (t == handlerThread()) {
                    interrupted |= join(t, start + Math.min(INTERRUPT_GRACE_NANOS, limit));
                    if (t.isAlive() && inHandler == t) {
                        t.interrupt(); // a handler that does not return by itself
                    }
                    interrupted |= join(t, start + limit);
                } else {
                    interrupted |= join(t, start + FILLER_JOIN_LIMIT.toNanos());
                }
                ended &= !t.isAlive();
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return ended;
    }

    /**
     * Joins {@code t} until {@code deadline} ({@link System#nanoTime()}, compared by difference, so a deadline that
     * wrapped around is still right); returns whether we were interrupted.
     */
    private static boolean join(Thread t, long deadline) {
        boolean interrupted = false;
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, left / 1_000_000), 0);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
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
        long deadline = System.nanoTime() + nanos(timeout);
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
