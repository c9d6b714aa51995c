package dev.deskdup.cli.serve;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Encodes the rectangles of one update batch in parallel: the calling (delivery) thread and {@code workers} threads
 * claim jobs by index from one counter, each with its own {@link RectEncoder}. The caller returns once every job is
 * done, so the frame the pixels come from is still held by it throughout (the frame validity contract). No lock, no
 * allocation per batch. A claim is one {@code long}, the batch's generation in the high half and the next index in
 * the low half, taken by compare-and-set: a thread that woke late for an older batch cannot claim a job of a newer one.
 */
final class EncoderPool implements AutoCloseable {

    private final RectEncoder callerEncoder;
    private final Thread[] threads;
    private final RectEncoder[] encoders;
    private final AtomicLong claim = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile int generation;
    private volatile boolean running = true;
    private volatile Thread caller;

    // The batch, written by the caller before the generation is bumped (volatile write publishes them).
    private EncodeJob[] jobs;
    private int total;
    private MemorySegment pixels;
    private int stride;
    private EncodingPolicy policy;
    private int quality;

    EncoderPool(int workers, EncodingStats stats) {
        this.callerEncoder = new RectEncoder(JpegEncoder.best(), stats);
        this.threads = new Thread[workers];
        this.encoders = new RectEncoder[workers];
        for (int i = 0; i < workers; i++) {
            encoders[i] = new RectEncoder(JpegEncoder.best(), stats);
            RectEncoder encoder = encoders[i];
            threads[i] = new Thread(() -> workerLoop(encoder), "deskdup-serve-encoder-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    /** Which JPEG encoder the threads use (libturbojpeg or ImageIO). */
    String jpegName() {
        return callerEncoder.jpegName();
    }

    /** Encodes {@code jobs[0..count)} from {@code pixels}; returns when all are done. Not reentrant. */
    void encode(EncodeJob[] jobs, int count, MemorySegment pixels, int stride, EncodingPolicy policy, int quality) {
        if (count == 0) {
            return;
        }
        this.jobs = jobs;
        this.total = count;
        this.pixels = pixels;
        this.stride = stride;
        this.policy = policy;
        this.quality = quality;
        this.caller = Thread.currentThread();
        failure.set(null);
        done.set(0);
        int g = generation + 1;
        claim.set((long) g << 32);   // publishes the fields above to whoever claims from it
        generation = g;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        work(callerEncoder, g);
        while (done.get() < count) {
            LockSupport.parkNanos(this, 200_000);
        }
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("encoding an update failed: " + t, t);
        }
    }

    private void workerLoop(RectEncoder encoder) {
        int seen = 0;
        while (running) {
            int g = generation;
            if (g == seen) {
                LockSupport.park(this);
                continue;
            }
            seen = g;
            work(encoder, g);
        }
    }

    private void work(RectEncoder encoder, int g) {
        while (true) {
            long c = claim.get();
            if ((int) (c >>> 32) != g || (int) c >= total) {
                return;   // another batch now, or none left in this one
            }
            if (!claim.compareAndSet(c, c + 1)) {
                continue;
            }
            int count = total;
            EncodeJob job = jobs[(int) c];
            try {
                job.length = encoder.encode(pixels, stride, job.x, job.y, job.width, job.height, policy, quality,
                        job.record);
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                job.length = 0;
            }
            if (done.incrementAndGet() == count) {
                LockSupport.unpark(caller);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        callerEncoder.close();
        for (RectEncoder e : encoders) {
            e.close();
        }
    }
}
