package dev.deskdup.cli.serve;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static dev.deskdup.cli.serve.UpdateDescriptor.CAPTURE_TIME_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.FLAGS_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.FRAME_SEQUENCE_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.HEADER_LENGTH;
import static dev.deskdup.cli.serve.UpdateDescriptor.LAG_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_COUNT_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.SCREEN_HEIGHT_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.SCREEN_WIDTH_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.SEND_TIME_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.TYPE_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.UPDATE_NUMBER_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.VERSION_OFFSET;

/**
 * One browser watching. Never a queue: at most one update is in flight; the rectangles that change meanwhile are
 * merged into {@link #pending} (bounded, see {@link RectUnion}) and go out, with the pixels they have then, in the
 * next update once this one is both written by Jetty and acknowledged by the page. A viewer that stalls therefore
 * costs one update buffer and one rectangle set, and skips straight to the newest screen when it recovers.
 *
 * <p>Threads: {@link #pending}, {@link #needsFull} and {@link #send} belong to the delivery thread; acks and Jetty's
 * write callback arrive on Jetty's threads and only count {@link #outstanding} down.
 */
final class Viewer {

    private static final int FPS_WINDOW = 256;

    final int id;
    final String remote;
    final long connectedNanos = System.nanoTime();
    private final Session session;

    /** What this viewer has not been sent yet (delivery thread only). */
    final RectUnion pending = new RectUnion(Broadcaster.MAX_RECTS);
    /** Whether the next update must be the whole screen: first update, or the screen size changed. */
    boolean needsFull = true;
    int screenWidth;
    int screenHeight;

    /** 0: ready for the next update. 2 when one is sent: Jetty's write callback and the page's ack each take one. */
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicBoolean writePending = new AtomicBoolean();
    private final AtomicBoolean ackPending = new AtomicBoolean();
    private volatile int inFlightNumber;
    private volatile long inFlightCaptureNanos;
    private volatile boolean closed;
    private int updateNumber;

    private final GrowableBuffer out = new GrowableBuffer(1 << 16);
    private final Callback writeCallback = new Callback() {
        @Override
        public void succeed() {
            writeDone();
        }

        @Override
        public void fail(Throwable x) {
            writeDone();
            closed = true;
        }
    };

    // Statistics: written by one thread each, read by the status page (a torn read there is harmless).
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong updatesSent = new AtomicLong();
    private final AtomicLong updatesAcked = new AtomicLong();
    private final long[] ackTimes = new long[FPS_WINDOW];
    private volatile float lagMs;
    private volatile float decodeMs;

    Viewer(int id, String remote, Session session) {
        this.id = id;
        this.remote = remote;
        this.session = session;
    }

    /** Whether an update may be sent now: the previous one is written and acknowledged. */
    boolean ready() {
        return outstanding.get() == 0 && !closed;
    }

    boolean isClosed() {
        return closed || !session.isOpen();
    }

    void markClosed() {
        closed = true;
    }

    /** Whether Jetty still reads this viewer's buffer (then it must not be freed). */
    boolean writing() {
        return writePending.get();
    }

    /**
     * Sends one update made of the encoded records {@code jobs[first .. first+count)}. Delivery thread; only when
     * {@link #ready()}.
     */
    void send(EncodeJob[] jobs, int first, int count, int frameSequence, long captureNanos, double captureEpochMs,
              double sendEpochMs, boolean full) {
        long length = HEADER_LENGTH;
        int records = 0;
        for (int i = first; i < first + count; i++) {
            if (jobs[i].length > 0) {
                length += jobs[i].length;
                records++;
            }
        }
        out.ensure(length, 0);
        ByteBuffer b = out.buffer();
        b.clear();
        updateNumber++;
        b.put(TYPE_OFFSET, UpdateDescriptor.TYPE_UPDATE);
        b.put(VERSION_OFFSET, UpdateDescriptor.VERSION);
        b.putShort(RECT_COUNT_OFFSET, (short) records);
        b.putInt(UPDATE_NUMBER_OFFSET, updateNumber);
        b.putShort(SCREEN_WIDTH_OFFSET, (short) screenWidth);
        b.putShort(SCREEN_HEIGHT_OFFSET, (short) screenHeight);
        b.putInt(FLAGS_OFFSET, full ? UpdateDescriptor.FLAG_FULL : 0);
        b.putDouble(CAPTURE_TIME_OFFSET, captureEpochMs);
        b.putDouble(SEND_TIME_OFFSET, sendEpochMs);
        b.putFloat(LAG_OFFSET, lagMs);
        b.putInt(FRAME_SEQUENCE_OFFSET, frameSequence);
        long position = HEADER_LENGTH;
        for (int i = first; i < first + count; i++) {
            EncodeJob job = jobs[i];
            if (job.length > 0) {
                java.lang.foreign.MemorySegment.copy(job.record.segment(), 0, out.segment(), position, job.length);
                position += job.length;
            }
        }
        b.position(0).limit((int) length);
        inFlightNumber = updateNumber;
        inFlightCaptureNanos = captureNanos;
        outstanding.set(2);
        writePending.set(true);
        ackPending.set(true);
        bytesSent.addAndGet(length);
        updatesSent.incrementAndGet();
        try {
            session.sendBinary(b, writeCallback);
        } catch (RuntimeException e) {
            writeCallback.fail(e);
        }
    }

    private void writeDone() {
        if (writePending.compareAndSet(true, false)) {
            outstanding.decrementAndGet();
        }
    }

    /** The page drew update {@code number} (Jetty thread). Acks of other numbers are ignored. */
    void acknowledged(int number, float pageDecodeMs) {
        if (number != inFlightNumber || !ackPending.compareAndSet(true, false)) {
            return;
        }
        long now = System.nanoTime();
        lagMs = (now - inFlightCaptureNanos) / 1e6f;
        decodeMs = pageDecodeMs;
        long acked = updatesAcked.incrementAndGet();
        ackTimes[(int) (acked % FPS_WINDOW)] = now;
        outstanding.decrementAndGet();
    }

    /** Updates acknowledged in the last second. */
    double fps() {
        long now = System.nanoTime();
        long acked = updatesAcked.get();
        int n = 0;
        for (long k = acked; k > Math.max(0, acked - FPS_WINDOW); k--) {
            if (now - ackTimes[(int) (k % FPS_WINDOW)] > 1_000_000_000L) {
                break;
            }
            n++;
        }
        return n;
    }

    long bytesSent() {
        return bytesSent.get();
    }

    long updatesSent() {
        return updatesSent.get();
    }

    long updatesAcked() {
        return updatesAcked.get();
    }

    float lagMs() {
        return lagMs;
    }

    float decodeMs() {
        return decodeMs;
    }

    boolean inFlight() {
        return outstanding.get() != 0;
    }

    void closeSession(int code, String reason) {
        closed = true;
        session.close(code, reason, Callback.NOOP);
    }

    /** Frees the update buffer; only once Jetty no longer writes from it. */
    void free() {
        out.close();
    }
}
