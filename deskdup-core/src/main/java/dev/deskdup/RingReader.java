package dev.deskdup;

import dev.deskdup.internal.Bootstrap;

import java.util.concurrent.TimeUnit;

/**
 * Reads the frames another process publishes into a shared-memory ring ({@link RingPublisher}, or
 * {@code deskdup share --name NAME}), through the same {@link Frame} view as an in-process capture and without
 * copying: the view's {@link Frame#pixels()} is a read-only mapping of the producer's slot, which on X11 the X server
 * wrote directly.
 *
 * <pre>{@code
 * try (RingReader ring = RingReader.open("desk", 5, TimeUnit.SECONDS)) {   // waits for the producer to start
 *     while (true) {
 *         Frame frame = ring.acquire(1, TimeUnit.SECONDS);                 // null on timeout
 *         if (frame == null) continue;
 *         try (frame) {                                                    // the lease ends with the frame
 *             consume(frame.pixels(), frame.stride(), frame.dirtyRectCount());
 *         }
 *     }
 * } catch (RingClosedException end) {                                     // the producer ended (or died)
 *     System.out.println(end.getMessage());
 * }
 * }</pre>
 *
 * <h2>Leases</h2>
 * An acquired frame is <em>leased</em>: the producer does not write its slot until it is released. A reader holds at
 * most one frame at a time. A reader whose process stops (SIGSTOP, a debugger) for more than about half a second
 * loses its lease; {@link Frame#isValid()} then turns false and the release counts the frame in
 * {@link #framesLost()}. Each frame is the newest one published when it was acquired; frames published meanwhile
 * are skipped (compare {@link Frame#sequence()}s), never queued.
 *
 * <p>One thread at a time; allocation-free per frame. A resize of the producer's screen moves the ring to a new file
 * (a new geometry generation): the next frame has the new size and {@link Frame#sizeChanged()} set.
 */
public interface RingReader extends AutoCloseable {

    /**
     * Opens ring {@code name}, waiting up to the timeout for it to appear (a producer that is starting).
     *
     * @throws CaptureException         when there is no such ring after the timeout, it is another user's, its
     *                                  layout version is incompatible, or all its reader entries are taken (each
     *                                  message names what to do)
     * @throws IllegalArgumentException when the name is not a valid ring name
     */
    static RingReader open(String name, long timeout, TimeUnit unit) {
        return Bootstrap.openRingReader(name, unit.toNanos(Math.max(0, timeout)));
    }

    /** Opens ring {@code name}, which must exist now. */
    static RingReader open(String name) {
        return open(name, 0, TimeUnit.SECONDS);
    }

    /** A snapshot of ring {@code name}'s header, slots and readers, for diagnostics ({@code deskdup ring}). */
    static RingStatus status(String name) {
        return Bootstrap.ringStatus(name);
    }

    /** The ring's name. */
    String name();

    /** Width of the frames of the current geometry generation. */
    int width();

    /** Height of the frames of the current geometry generation. */
    int height();

    /**
     * Waits up to the timeout for a frame newer than the last one acquired and leases it.
     *
     * @return the frame, or null when no newer frame came within the timeout
     * @throws RingClosedException   when the producer closed the ring, failed, or died
     * @throws IllegalStateException when a frame is still held (release it first) or the reader is closed
     */
    Frame acquire(long timeout, TimeUnit unit);

    /** Frames acquired so far. */
    long framesAcquired();

    /** Frames whose lease was revoked, or whose slot was rewritten, before their release (the reader stalled). */
    long framesLost();

    /** Whether {@link #close()} has not been called. */
    boolean isOpen();

    /** Gives up the lease and the reader entry, unmaps the ring. Idempotent. */
    @Override
    void close();
}
