package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.share.RingDescriptor.*;

/**
 * The sink that publishes a capture's frames into a ring: pulls each frame on its own thread, publishes it, and
 * keeps it (so the capture cannot refill its slot) until no reader leases it and a newer frame is out.
 *
 * <p>Zero copy: when the capture's slots live in the ring file ({@link RingSlotAllocator}), a frame is found in the
 * ring by its address and published where the OS wrote it; giving the slot back to the capture means taking it back
 * for writing ({@link RingWriter#tryTakeForWriting}) and then releasing the frame. Otherwise (a backend that brings
 * its own memory) each frame is copied once into a free ring slot and released at once. Nothing allocates per
 * frame; the lease checks cost a few loads per reader entry.
 */
final class CapturePublisher implements Runnable {

    private static final long ACQUIRE_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ScreenCapture capture;
    private final RingSlotAllocator allocator;
    private final String sourceName;
    private final int slotCount;
    // Frames this publisher holds (zero copy): at most one per capture slot.
    private final Frame[] heldFrames;
    private final RingWriter[] heldWriters;
    private final int[] heldSlots;
    private int heldCount;
    private final int[] rects = new int[4 * MAX_DIRTY_RECTS];
    private RingWriter latestWriter;
    private RingWriter pathKnownFor;
    private int latestSlot = -1;
    private volatile boolean stop;
    private volatile Throwable failure;
    private volatile boolean zeroCopy;
    private volatile long framesPublished;
    private long framesCopied;

    /** Publishes this many frames, then stops; 0: until stopped. */
    private final long maxFrames;

    CapturePublisher(ScreenCapture capture, RingSlotAllocator allocator, int slotCount, long maxFrames) {
        this.capture = capture;
        this.maxFrames = maxFrames;
        this.allocator = allocator;
        this.sourceName = capture.sourceName();
        this.slotCount = slotCount;
        this.heldFrames = new Frame[slotCount];
        this.heldWriters = new RingWriter[slotCount];
        this.heldSlots = new int[slotCount];
    }

    /** The ring; for a backend that ignored the allocator it is created here at the capture's size. */
    RingProducer ring() {
        RingProducer ring = allocator.ring();
        return ring != null ? ring : allocator.ringFor(capture.width(), capture.height(), capture.width() * 4);
    }

    void stop() {
        stop = true;
    }

    Throwable failure() {
        return failure;
    }

    boolean zeroCopy() {
        return zeroCopy;
    }

    long framesPublished() {
        return framesPublished;
    }

    @Override
    public void run() {
        RingProducer ring = ring();
        try {
            while (!stop && (maxFrames == 0 || framesPublished < maxFrames)) {
                if (heldCount >= slotCount) {
                    takeBack();
                    if (heldCount >= slotCount) {
                        LockSupport.parkNanos(20_000); // every slot leased: cannot happen with slots >= readers + 2
                        continue;
                    }
                }
                Frame frame = capture.acquire(ACQUIRE_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
                if (frame != null) {
                    publish(ring, frame);
                }
                takeBack();
            }
        } catch (CaptureException e) {
            failure = e;
            ring.fail(e.getMessage());
        } catch (RuntimeException | Error e) {
            failure = e;
            ring.fail(e.toString());
        } finally {
            for (int i = 0; i < heldCount; i++) {
                heldFrames[i].close();
                heldFrames[i] = null;
            }
            heldCount = 0;
        }
    }

    private void publish(RingProducer ring, Frame frame) {
        // The frame's facts first: in copy mode the frame is released before its slot is published.
        long sequence = frame.sequence();
        long timestamp = frame.timestampNanos();
        long serverTime = frame.serverTimeMillis();
        int cursorX = frame.cursorX();
        int cursorY = frame.cursorY();
        int flags = (frame.isRepeat() ? FLAG_REPEAT : 0) | (frame.cursorVisible() ? FLAG_CURSOR_VISIBLE : 0);
        int count = frame.dirtyRectCount();
        int n = Math.min(count, MAX_DIRTY_RECTS);
        if (count > MAX_DIRTY_RECTS) { // today's backends keep 16 at most; a bounding box keeps the promise anyway
            boundingBox(frame);
            n = 1;
        } else {
            for (int i = 0; i < n; i++) {
                rects[4 * i] = frame.dirtyRectX(i);
                rects[4 * i + 1] = frame.dirtyRectY(i);
                rects[4 * i + 2] = frame.dirtyRectWidth(i);
                rects[4 * i + 3] = frame.dirtyRectHeight(i);
            }
        }
        RingWriter[] generations = ring.generations();
        long address = frame.pixels().address();
        RingWriter writer = null;
        int slot = -1;
        for (int g = generations.length - 1; g >= 0 && slot < 0; g--) {
            writer = generations[g];
            slot = writer.slotAt(address);
        }
        if (slot >= 0) {
            zeroCopy = true;
            if (writer != pathKnownFor) {
                // Once per generation (info() allocates): whether the backend copied into the slot itself (X11's
                // SysV fallback, DXGI's copy-out) or the OS wrote it there.
                pathKnownFor = writer;
                writer.writePath(!capture.info().zeroCopy() ? WRITE_PATH_ONE_COPY
                        : sourceName.equals("synthetic") ? WRITE_PATH_RENDERED : WRITE_PATH_OS_DIRECT);
            }
            heldFrames[heldCount] = frame;
            heldWriters[heldCount] = writer;
            heldSlots[heldCount] = slot;
            heldCount++;
        } else {
            writer = generationFor(ring, generations, frame);
            slot = writableSlot(writer);
            if (slot < 0) {
                frame.release(); // every ring slot leased: dropped (cannot happen with slots >= readers + 2)
                return;
            }
            copy(frame, writer, slot);
            writer.writePath(WRITE_PATH_ONE_COPY);
            frame.release();
        }
        boolean newGeneration = writer != ring.current();
        if (newGeneration) {
            flags |= FLAG_SIZE_CHANGED;
        }
        writer.publish(slot, sequence, timestamp, serverTime, flags, n, rects, cursorX, cursorY);
        if (newGeneration) {
            ring.install(writer);
        }
        latestWriter = writer;
        latestSlot = slot;
        framesPublished++;
    }

    private void boundingBox(Frame frame) {
        int x0 = Integer.MAX_VALUE;
        int y0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (int i = 0; i < frame.dirtyRectCount(); i++) {
            x0 = Math.min(x0, frame.dirtyRectX(i));
            y0 = Math.min(y0, frame.dirtyRectY(i));
            x1 = Math.max(x1, frame.dirtyRectX(i) + frame.dirtyRectWidth(i));
            y1 = Math.max(y1, frame.dirtyRectY(i) + frame.dirtyRectHeight(i));
        }
        rects[0] = x0;
        rects[1] = y0;
        rects[2] = x1 - x0;
        rects[3] = y1 - y0;
    }

    /** Copy mode: the generation with the frame's shape, laying out the next one on a resize. */
    private static RingWriter generationFor(RingProducer ring, RingWriter[] generations, Frame frame) {
        int stride = frame.width() * 4;
        RingWriter newest = generations[generations.length - 1];
        if (newest.geometry().sameFrameShape(frame.width(), frame.height(), stride)) {
            return newest;
        }
        return ring.prepare(frame.width(), frame.height(), stride);
    }

    /** Copy mode: a ring slot that may be written (never published or taken back), else one taken back now. */
    private int writableSlot(RingWriter w) {
        int slots = w.geometry().slotCount();
        for (int i = 0; i < slots; i++) {
            if (!(w == latestWriter && i == latestSlot) && !w.isPublished(i)) {
                return i;
            }
        }
        for (int i = 0; i < slots; i++) {
            if (!(w == latestWriter && i == latestSlot) && w.tryTakeForWriting(i)) {
                return i;
            }
        }
        return -1;
    }

    private void copy(Frame frame, RingWriter w, int slot) {
        MemorySegment src = frame.pixels();
        MemorySegment dst = w.slotPixels(slot);
        int rowBytes = frame.width() * 4;
        if (frame.stride() == rowBytes) {
            MemorySegment.copy(src, 0, dst, 0, (long) rowBytes * frame.height());
        } else {
            for (int y = 0; y < frame.height(); y++) {
                MemorySegment.copy(src, (long) y * frame.stride(), dst, (long) y * rowBytes, rowBytes);
            }
        }
        framesCopied++;
    }

    /** Gives back to the capture every held frame but the newest that no reader leases; retires old generations. */
    private void takeBack() {
        if (!zeroCopy && latestWriter != null) {
            // Copy mode: no frame to give back, but older frames' slots become writable (and unreadable) at once.
            for (int s = 0; s < slotCount; s++) {
                if (s != latestSlot && latestWriter.isPublished(s)) {
                    latestWriter.tryTakeForWriting(s);
                }
            }
        }
        for (int i = heldCount - 1; i >= 0; i--) {
            RingWriter w = heldWriters[i];
            int s = heldSlots[i];
            if (w == latestWriter && s == latestSlot) {
                continue;
            }
            if (w.tryTakeForWriting(s)) {
                heldFrames[i].release();
                heldCount--;
                heldFrames[i] = heldFrames[heldCount];
                heldWriters[i] = heldWriters[heldCount];
                heldSlots[i] = heldSlots[heldCount];
                heldFrames[heldCount] = null;
                heldWriters[heldCount] = null;
            }
        }
        RingProducer ring = allocator.ring();
        RingWriter[] generations = ring.generations();
        RingWriter current = ring.current();
        for (RingWriter w : generations) {
            if (w == current || w == latestWriter) {
                continue;
            }
            if (isSuperseded(w, current) && retireable(w)) {
                ring.retire(w);
            }
        }
    }

    /** Older than the current generation (not a prepared one still waiting for its first frame). */
    private static boolean isSuperseded(RingWriter w, RingWriter current) {
        return w.generation() < current.generation();
    }

    private boolean retireable(RingWriter w) {
        if (w.slotMemoryUsers > 0) {
            return false;
        }
        for (int i = 0; i < heldCount; i++) {
            if (heldWriters[i] == w) {
                return false;
            }
        }
        for (int s = 0; s < w.geometry().slotCount(); s++) {
            if (w.isPublished(s) && !w.tryTakeForWriting(s)) {
                return false; // a reader still leases a frame of it
            }
        }
        return true;
    }
}
