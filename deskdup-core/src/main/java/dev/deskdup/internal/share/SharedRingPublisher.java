package dev.deskdup.internal.share;

import dev.deskdup.CaptureOptions;
import dev.deskdup.RingPublisher;
import dev.deskdup.ScreenCapture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.deskdup.internal.share.RingDescriptor.*;

/** {@link RingPublisher}: a capture, the ring it fills, and the publishing thread. */
final class SharedRingPublisher implements RingPublisher {

    static final int MAX_PUBLISHER_READERS = 62; // the capture has at most 64 slots

    private final String name;
    private final ScreenCapture capture;
    private final RingSlotAllocator allocator;
    private final CapturePublisher publisher;
    private final RingProducer ring;
    private final Thread thread;
    private boolean closed;

    private SharedRingPublisher(String name, ScreenCapture capture, RingSlotAllocator allocator, long maxFrames) {
        this.name = name;
        this.capture = capture;
        this.allocator = allocator;
        int slots = allocator.slotCount();
        this.publisher = new CapturePublisher(capture, allocator, slots, maxFrames);
        this.ring = publisher.ring();
        this.thread = Thread.ofPlatform().name("deskdup-share-" + name).daemon().unstarted(publisher);
    }

    /**
     * Opens the capture with its slots in the ring (when the backend takes its memory from the allocator) and starts
     * publishing.
     *
     * @param open opens the capture given the slot count and the allocator (the composition root's job)
     */
    static SharedRingPublisher start(String name, CaptureOptions options, int maxReaders, long maxFrames,
                                     CaptureOpener open) {
        RingFile.checkName(name);
        if (maxReaders < 1 || maxReaders > MAX_PUBLISHER_READERS) {
            throw new IllegalArgumentException("readers=" + maxReaders + " must be between 1 and "
                    + MAX_PUBLISHER_READERS);
        }
        int slots = Math.max(options.slots(), maxReaders + 2);
        RingSlotAllocator allocator = new RingSlotAllocator(name, slots, maxReaders,
                ProducerInfo.current(options.source(), WRITE_PATH_ONE_COPY));
        ScreenCapture capture = open.open(options.slots(slots), allocator);
        SharedRingPublisher p;
        try {
            p = new SharedRingPublisher(name, capture, allocator, maxFrames);
        } catch (RuntimeException | Error e) {
            capture.close();
            if (allocator.ring() != null) {
                allocator.ring().close();
            }
            throw e;
        }
        p.thread.start();
        return p;
    }

    /** How the composition root opens a capture whose slot memory comes from the ring. */
    @FunctionalInterface
    interface CaptureOpener {
        ScreenCapture open(CaptureOptions options, dev.deskdup.spi.SlotMemoryAllocator memory);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String path() {
        return ring.path().toString();
    }

    @Override
    public int width() {
        return ring.current().geometry().width();
    }

    @Override
    public int height() {
        return ring.current().geometry().height();
    }

    @Override
    public String sourceName() {
        return capture.sourceName();
    }

    @Override
    public String writePath() {
        if (framesPublished() == 0) {
            return "unknown (no frame yet)";
        }
        return SharedRings.writePathName(ring.current().writePath());
    }

    @Override
    public String replacedStale() {
        return ring.replaced();
    }

    @Override
    public long framesPublished() {
        return publisher.framesPublished();
    }

    @Override
    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        thread.join(timeout);
        return !thread.isAlive();
    }

    @Override
    public Throwable failure() {
        return publisher.failure();
    }

    /** The publishing thread, for allocation tests. */
    Thread thread() {
        return thread;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        publisher.stop();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            capture.close();
        } finally {
            ring.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
