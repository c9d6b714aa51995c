package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.Libc;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Waits for the X server's replies without ever blocking inside xcb: {@code xcb_poll_for_reply} (which reads the
 * socket without blocking) and {@code poll(2)} on the connection's socket and on the wake-up eventfd of
 * {@link X11Events}, so that a frozen or hung server cannot hold a caller longer than it asked for.
 *
 * <h2>Bounds</h2>
 * <ul>
 * <li>Inside a fill ({@link #begin}/{@link #end}) a wait ends at the fill's deadline, but a request just sent
 *     gets at least twice the server's last reply time (50 to 250 ms; doubled after each request that needed
 *     more), so that reading the pixels of a change has its chance even when the fill's timeout is 0; a wake-up
 *     ends a wait at once. The request is then <em>abandoned</em> ({@link Abandoned}): the
 *     fill gives up, and the next fill first waits (until its own deadline) for that reply, so at most one fill's
 *     requests are ever in flight and nothing piles up in the socket.</li>
 * <li>A server that has answered nothing for {@link #UNRESPONSIVE_NANOS} (counted from the oldest unanswered
 *     request) is reported as a {@link CaptureException} naming the display and the request: by the fill that
 *     sees the bound pass, after waiting its own timeout. Outside a fill (opening a capture) a wait ends there too.
 *     The connection stays usable: when the server answers again, so do the next fills.</li>
 * </ul>
 *
 * <p>One per connection; used by one thread at a time (the filling thread). Allocation-free.
 */
final class X11Replies implements AutoCloseable {

    /** How long a server may leave every request unanswered before it is reported as not answering. */
    static final long UNRESPONSIVE_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final long MIN_ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long MAX_ALLOWANCE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * A wait that ended at the fill's deadline or at a wake-up, its request still outstanding. One preallocated
     * instance without a stack trace: it is control flow between this class and the fill, never seen by a user.
     */
    static final class Abandoned extends RuntimeException {
        private Abandoned() {
            super("an X reply was not waited for any longer", null, false, false);
        }
    }

    static final Abandoned ABANDONED = new Abandoned();

    private final X11Connection x;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pollFds = arena.allocate(Libc.POLLFD, 2);
    private final MemorySegment replyOut = arena.allocate(JAVA_LONG);
    private final MemorySegment errorOut = arena.allocate(JAVA_LONG);
    private final MemorySegment wakeRead = arena.allocate(JAVA_LONG);
    private final long pollFdSize = Libc.POLLFD.byteSize();

    private boolean inFill;
    private long deadline;
    /** How long a wait inside a fill gives a request just sent at least: twice its last reply time, 50 to 250 ms. */
    private long allowance = MIN_ALLOWANCE_NANOS;
    /** An abandoned request whose reply the next wait collects first. */
    private boolean outstanding;
    private int outstandingCookie;
    private String outstandingRequest;
    private long outstandingSince;
    private boolean closed;

    X11Replies(X11Connection x) {
        this.x = x;
        pollFds.set(JAVA_INT, Libc.POLLFD_FD, x.fileDescriptor());
        pollFds.set(JAVA_SHORT, Libc.POLLFD_EVENTS, (short) Libc.POLLIN);
        pollFds.set(JAVA_INT, pollFdSize + Libc.POLLFD_FD, -1); // poll(2) skips a negative fd
        pollFds.set(JAVA_SHORT, pollFdSize + Libc.POLLFD_EVENTS, (short) Libc.POLLIN);
    }

    /** The eventfd whose wake-up ends a wait inside a fill (-1: none). */
    void wakeOn(int eventFd) {
        pollFds.set(JAVA_INT, pollFdSize + Libc.POLLFD_FD, eventFd);
    }

    /**
     * A fill starts: waits end by {@code timeoutNanos} from now (or the allowance). Collects the reply of a request
     * an earlier fill abandoned first.
     *
     * @throws Abandoned when that reply did not come in time either
     */
    void begin(long timeoutNanos) {
        inFill = true;
        deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        catchUp();
    }

    /** The fill is over: waits are bounded by {@link #UNRESPONSIVE_NANOS} only. */
    void end() {
        inFill = false;
    }

    /**
     * The reply to request {@code cookie}; the caller frees it ({@code Libc.free}).
     *
     * @throws XRequestException when the server refused the request
     * @throws CaptureException  when the connection broke or the server does not answer
     * @throws Abandoned         inside a fill, when its deadline passed or it was woken
     */
    long await(int cookie, String request) {
        try {
            catchUp();
        } catch (RuntimeException e) {
            discard(cookie); // sent already: xcb frees its reply when it comes
            throw e;
        }
        x.flush();
        long started = System.nanoTime();
        while (!poll(cookie)) {
            waitForServer(cookie, request, started, true);
        }
        answered(started);
        long reply = replyOut.get(JAVA_LONG, 0);
        long error = errorOut.get(JAVA_LONG, 0);
        if (reply != 0) {
            return reply;
        }
        if (error != 0) {
            throw x.errorFrom(request, error);
        }
        x.checkAlive(request);
        throw new CaptureException("X request=" + request + " got no reply from display=" + x.display());
    }

    /**
     * What the server said to the checked request {@code cookie} (which has no reply): its error (the caller frees
     * it), or 0 when it succeeded. One round trip.
     */
    long errorOf(int cookie, String request) {
        int sync;
        try {
            sync = (int) Xcb.GET_INPUT_FOCUS.invokeExact(x.pointer());
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        Libc.free(await(sync, request));
        // The server answered a later request, so it has handled this one: xcb knows its outcome now.
        if (!poll(cookie)) {
            throw new IllegalStateException("xcb has no outcome for request=" + request + " after a round trip");
        }
        x.checkAlive(request);
        return errorOut.get(JAVA_LONG, 0);
    }

    /** Waits for the reply to an abandoned request, if there is one, and drops it (an error too). */
    private void catchUp() {
        if (!outstanding) {
            return;
        }
        while (!poll(outstandingCookie)) {
            waitForServer(outstandingCookie, outstandingRequest, outstandingSince, false);
        }
        outstanding = false;
        long reply = replyOut.get(JAVA_LONG, 0);
        long error = errorOut.get(JAVA_LONG, 0);
        if (reply != 0) {
            Libc.free(reply);
        }
        if (error != 0) {
            Libc.free(error); // nobody waits for that frame any more
        }
        x.checkAlive(outstandingRequest);
    }

    private void discard(int cookie) {
        try {
            Xcb.DISCARD_REPLY.invokeExact(x.pointer(), cookie);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code xcb_poll_for_reply}: true when the outcome of {@code cookie} is known (or the connection broke). */
    private boolean poll(int cookie) {
        replyOut.set(JAVA_LONG, 0, 0L);
        errorOut.set(JAVA_LONG, 0, 0L);
        try {
            return (int) Xcb.POLL_FOR_REPLY.invokeExact(x.pointer(), cookie, replyOut, errorOut) != 0;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * Waits until the socket is readable, or gives up on {@code cookie}: inside a fill at its deadline (a request
     * just sent gets at least the allowance) or at a wake-up ({@link Abandoned}); and when the server has been
     * silent for {@link #UNRESPONSIVE_NANOS} since {@code sent} ({@link CaptureException}).
     */
    private void waitForServer(int cookie, String request, long sent, boolean justSent) {
        long now = System.nanoTime();
        long unresponsiveAt = sent + UNRESPONSIVE_NANOS;
        long until = unresponsiveAt;
        if (inFill) {
            // Compared by difference, never with Math.max: nanoTime values may wrap around.
            long fillEnd = justSent && sent + allowance - deadline > 0 ? sent + allowance : deadline;
            if (fillEnd - unresponsiveAt < 0 || now - unresponsiveAt >= 0) {
                until = fillEnd; // past the bound already: wait the fill's time, then report
            }
        }
        if (now - until >= 0) {
            abandon(cookie, request, sent);
            if (now - sent >= UNRESPONSIVE_NANOS) {
                throw new CaptureException("X server not answering: display=" + x.display() + " has not answered "
                        + "request=" + request + " for " + (now - sent) / 1_000_000 + " ms (the server is stopped, "
                        + "hung, or another client holds a server grab); frames resume when it answers again, or "
                        + "close the capture");
            }
            if (justSent) {
                allowance = Math.min(MAX_ALLOWANCE_NANOS, 2 * allowance); // a slow server gets its time next fill
            }
            throw ABANDONED;
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, (until - now + 999_999) / 1_000_000);
        pollFds.set(JAVA_SHORT, Libc.POLLFD_REVENTS, (short) 0);
        pollFds.set(JAVA_SHORT, pollFdSize + Libc.POLLFD_REVENTS, (short) 0);
        int n = Libc.poll(pollFds, inFill ? 2 : 1, millis);
        if (n > 0 && inFill && pollFds.get(JAVA_SHORT, pollFdSize + Libc.POLLFD_REVENTS) != 0) {
            Libc.read(pollFds.get(JAVA_INT, pollFdSize + Libc.POLLFD_FD), wakeRead, 8); // reset the eventfd
            abandon(cookie, request, sent);
            throw ABANDONED;
        }
        // Readable (or an error on the socket, which the next xcb_poll_for_reply turns into a broken connection),
        // a timeout (the caller looks at the clock again) or EINTR.
    }

    private void abandon(int cookie, String request, long sent) {
        outstanding = true;
        outstandingCookie = cookie;
        outstandingRequest = request;
        outstandingSince = sent;
    }

    /** The server answered a request sent at {@code sent} while we waited: the allowance follows its reply time. */
    private void answered(long sent) {
        long took = System.nanoTime() - sent;
        allowance = Math.max(MIN_ALLOWANCE_NANOS, Math.min(MAX_ALLOWANCE_NANOS, 2 * took));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
    }
}
