package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.os.Libc;
import dev.deskdup.spi.NanoClock;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Waits for the X server without spinning: {@code poll(2)} on the connection's socket and on an eventfd that
 * {@link #wakeUp()} writes (so stop and close interrupt a wait at once), then drains xcb's event queue into a
 * {@link Handler}. Allocation-free; the pollfd array and the eventfd buffers are allocated once.
 */
final class X11Events implements AutoCloseable {

    /** Receives the events deskdup selected; called on the filling thread, inside {@link #drain()}. */
    interface Handler {
        /** {@code responseType} without the "sent" bit, {@code event} the address of the 32-byte event. */
        void onEvent(int responseType, long event);
    }

    private final X11Connection x;
    private final NanoClock clock;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollFds = arena.allocate(Libc.POLLFD, 2);
    private final MemorySegment wakeWrite = arena.allocate(JAVA_LONG);
    private final MemorySegment wakeRead = arena.allocate(JAVA_LONG);
    private final int wakeFd;
    private final long pollFdSize = Libc.POLLFD.byteSize();
    private volatile boolean closed;

    X11Events(X11Connection x, NanoClock clock) {
        this.x = x;
        this.clock = clock;
        this.wakeFd = Libc.eventfd();
        wakeWrite.set(JAVA_LONG, 0, 1L);
        pollFds.set(JAVA_INT, Libc.POLLFD_FD, x.fileDescriptor());
        pollFds.set(JAVA_SHORT, Libc.POLLFD_EVENTS, (short) Libc.POLLIN);
        pollFds.set(JAVA_INT, pollFdSize + Libc.POLLFD_FD, wakeFd);
        pollFds.set(JAVA_SHORT, pollFdSize + Libc.POLLFD_EVENTS, (short) Libc.POLLIN);
        x.replies().wakeOn(wakeFd); // a wake-up also ends a wait for a reply
    }

    /** Hands every event to {@code handler} (reading what the socket holds) and frees it. */
    void drain(Handler handler) {
        drain(handler, false);
    }

    /**
     * Hands the events xcb has already read to {@code handler}, without reading the socket: after a reply, exactly
     * the events the server sent before it (and maybe a few after, read in the same chunk).
     */
    void drainQueued(Handler handler) {
        drain(handler, true);
    }

    private void drain(Handler handler, boolean queuedOnly) {
        try {
            while (true) {
                long event = queuedOnly ? (long) Xcb.POLL_FOR_QUEUED_EVENT.invokeExact(x.pointer())
                        : (long) Xcb.POLL_FOR_EVENT.invokeExact(x.pointer());
                if (event == 0) {
                    break;
                }
                int type = NativeMemory.ALL.get(JAVA_BYTE, event + Xcb.EVENT_RESPONSE_TYPE) & 0x7F;
                try {
                    if (type != 0) { // 0 is an error of an unchecked request: nothing we sent wants one
                        handler.onEvent(type, event);
                    }
                } finally {
                    Libc.free(event);
                }
            }
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        x.checkAlive("reading events");
    }

    /**
     * Waits until the server sent something or {@code deadlineNanos} (the capture clock's time) passed or
     * {@link #wakeUp()} was called. Call {@link #drain} first: xcb may already hold events read with a reply.
     *
     * @return true when the socket is readable (drain again), false on timeout or wake-up
     */
    boolean await(long deadlineNanos) {
        x.flush();
        long remaining = deadlineNanos - clock.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
        pollFds.set(JAVA_SHORT, Libc.POLLFD_REVENTS, (short) 0);
        pollFds.set(JAVA_SHORT, pollFdSize + Libc.POLLFD_REVENTS, (short) 0);
        int n = Libc.poll(pollFds, 2, millis);
        if (n <= 0) {
            return false; // timeout, or EINTR: the caller loops on its deadline
        }
        if (pollFds.get(JAVA_SHORT, pollFdSize + Libc.POLLFD_REVENTS) != 0) {
            Libc.read(wakeFd, wakeRead, 8); // reset the eventfd counter
            return false;
        }
        short revents = pollFds.get(JAVA_SHORT, Libc.POLLFD_REVENTS);
        if ((revents & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) != 0 && (revents & Libc.POLLIN) == 0) {
            x.checkAlive("waiting for events");
        }
        return true;
    }

    /**
     * Makes a running {@link #await} (or a wait for a reply) return now. Any thread; synchronized with
     * {@link #close()} so that it never writes to a closed descriptor (whose number may belong to a file opened
     * since). Never on the frame path: stop and close only.
     */
    synchronized void wakeUp() {
        if (!closed) {
            Libc.write(wakeFd, wakeWrite, 8);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!x.isClosed()) {
            x.replies().wakeOn(-1);
        }
        Libc.close(wakeFd);
        arena.close();
    }
}
