package dev.deskdup.internal.dbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * A connection to a message bus: EXTERNAL authentication with fd passing negotiated, {@code Hello}, method calls
 * with a timeout, and signals after {@code AddMatch}. Synchronous: no thread of its own; whoever waits for a reply
 * or a signal reads the socket, and signals that arrive meanwhile are queued for a later {@link #awaitSignal}.
 *
 * <p>Thread-safe (each operation holds the connection's monitor); not meant for a hot path.
 */
public final class DbusConnection implements AutoCloseable {

    public static final String BUS_NAME = "org.freedesktop.DBus";
    public static final String BUS_PATH = "/org/freedesktop/DBus";
    /** Signals kept for a later {@link #awaitSignal}; older ones are dropped past this. */
    static final int MAX_QUEUED_SIGNALS = 256;

    private final UnixSocket socket;
    private final DbusInput input = new DbusInput();
    private final ArrayDeque<DbusMessage> signals = new ArrayDeque<>();
    private final String uniqueName;
    private int serial;
    private boolean closed;

    private DbusConnection(UnixSocket socket, long deadline) throws DbusException {
        this.socket = socket;
        try {
            authenticate(deadline);
            DbusMessage hello = callUntil(DbusMessage.call(BUS_NAME, BUS_PATH, BUS_NAME, "Hello", "", List.of()),
                    deadline);
            this.uniqueName = (String) hello.arg(0);
        } catch (DbusException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Connects to the session bus ({@code $DBUS_SESSION_BUS_ADDRESS}, else {@code $XDG_RUNTIME_DIR/bus}).
     *
     * @throws DbusException when no bus answers or authentication fails within the timeout
     */
    public static DbusConnection session(long timeoutNanos) throws DbusException {
        return session(System.getenv("DBUS_SESSION_BUS_ADDRESS"), System.getenv("XDG_RUNTIME_DIR"), timeoutNanos);
    }

    /** As {@link #session(long)}, with the two variables given (an environment other than this process's). */
    public static DbusConnection session(String busAddress, String runtimeDir, long timeoutNanos)
            throws DbusException {
        List<BusAddress> addresses;
        try {
            addresses = BusAddress.session(busAddress, runtimeDir);
        } catch (IllegalArgumentException e) {
            throw new DbusException(DbusException.DISCONNECTED, e.getMessage());
        }
        return connect(addresses, timeoutNanos);
    }

    static DbusConnection connect(List<BusAddress> addresses, long timeoutNanos) throws DbusException {
        long deadline = System.nanoTime() + timeoutNanos;
        IOException last = null;
        for (BusAddress a : addresses) {
            try {
                return new DbusConnection(UnixSocket.connect(a.name(), a.abstractName()), deadline);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new DbusException(DbusException.DISCONNECTED, "cannot reach the session bus: "
                + (last == null ? "no address" : last.getMessage()), last);
    }

    /** The bus's name for this connection, e.g. {@code ":1.42"}. */
    public String uniqueName() {
        return uniqueName;
    }

    private void authenticate(long deadline) throws DbusException {
        try {
            String uid = HexFormat.of().formatHex(Integer.toString(SocketCalls.getuid())
                    .getBytes(StandardCharsets.US_ASCII));
            sendLine("\0AUTH EXTERNAL " + uid);
            String ok = readLine(deadline);
            if (!ok.startsWith("OK ")) {
                throw new DbusException(DbusException.DISCONNECTED, "the bus refused EXTERNAL authentication "
                        + "(answer=\"" + ok + "\"): is it another user's bus?");
            }
            sendLine("NEGOTIATE_UNIX_FD");
            String agree = readLine(deadline);
            if (!agree.equals("AGREE_UNIX_FD")) {
                throw new DbusException(DbusException.DISCONNECTED, "the bus does not pass file descriptors "
                        + "(answer=\"" + agree + "\"); the screen-cast portal needs that");
            }
            sendLine("BEGIN");
        } catch (IOException e) {
            throw new DbusException(DbusException.DISCONNECTED, "authentication with the bus failed: "
                    + e.getMessage(), e);
        }
    }

    private void sendLine(String line) throws IOException {
        byte[] b = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        socket.send(b, b.length);
    }

    private String readLine(long deadline) throws IOException, DbusException {
        while (true) {
            String line = input.takeLine();
            if (line != null) {
                return line;
            }
            if (!input.fill(socket, deadline) && System.nanoTime() - deadline > 0) {
                throw new DbusException(DbusException.TIMEOUT, "the bus did not answer authentication in time");
            }
        }
    }

    /**
     * Calls a method and waits for its reply.
     *
     * @return the reply (its descriptors, if any, now belong to the caller)
     * @throws DbusException an error reply (its name and text), no reply within the timeout, or a lost connection
     */
    public synchronized DbusMessage call(String destination, String path, String iface, String member,
                                         String signature, List<Object> args, long timeoutNanos)
            throws DbusException {
        return callUntil(DbusMessage.call(destination, path, iface, member, signature, args),
                System.nanoTime() + timeoutNanos);
    }

    private synchronized DbusMessage callUntil(DbusMessage call, long deadline) throws DbusException {
        int s = send(call);
        while (true) {
            DbusMessage m = next(deadline);
            if (m == null) {
                throw new DbusException(DbusException.TIMEOUT, "no reply to " + call.describe() + " within the "
                        + "timeout (is " + call.destination() + " running and answering?)");
            }
            if ((m.type() == DbusMessage.METHOD_RETURN || m.type() == DbusMessage.ERROR) && m.replySerial() == s) {
                if (m.type() == DbusMessage.ERROR) {
                    closeDescriptors(m);
                    Object text = m.body().isEmpty() ? "" : m.body().getFirst();
                    throw new DbusException(m.errorName(), call.describe() + " failed: " + m.errorName()
                            + (text.toString().isEmpty() ? "" : ": " + text));
                }
                return m;
            }
            dispatch(m);
        }
    }

    /** Sends a message without waiting; returns its serial. */
    private int send(DbusMessage m) throws DbusException {
        checkOpen();
        serial = serial == Integer.MAX_VALUE ? 1 : serial + 1;
        byte[] bytes = m.encode(serial);
        try {
            socket.send(bytes, bytes.length);
        } catch (IOException e) {
            throw new DbusException(DbusException.DISCONNECTED, "cannot send " + m.describe() + ": "
                    + e.getMessage(), e);
        }
        return serial;
    }

    /** The next message, reading the socket until {@code deadline}; null on timeout. */
    private DbusMessage next(long deadline) throws DbusException {
        checkOpen();
        try {
            while (true) {
                DbusMessage m = input.takeMessage();
                if (m != null) {
                    return m;
                }
                if (!input.fill(socket, deadline) && System.nanoTime() - deadline >= 0) {
                    return null;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            close();
            throw new DbusException(DbusException.DISCONNECTED, "lost the bus connection: " + e.getMessage(), e);
        }
    }

    /** A message that is not the awaited reply: signals are queued, calls to us answered with an error. */
    private void dispatch(DbusMessage m) throws DbusException {
        if (m.type() == DbusMessage.SIGNAL) {
            if (signals.size() == MAX_QUEUED_SIGNALS) {
                closeDescriptors(signals.removeFirst());
            }
            signals.addLast(m);
            return;
        }
        closeDescriptors(m);
        if (m.type() == DbusMessage.METHOD_CALL && (m.flags() & DbusMessage.FLAG_NO_REPLY_EXPECTED) == 0) {
            send(new DbusMessage(DbusMessage.ERROR, DbusMessage.FLAG_NO_REPLY_EXPECTED, 0, null, null, null,
                    "org.freedesktop.DBus.Error.UnknownMethod", m.serial(), m.sender(), null, "s",
                    List.of("deskdup exports no objects"), null));
        }
    }

    /** Subscribes to signals matching {@code rule} (the bus's match-rule syntax). */
    public synchronized void addMatch(String rule, long timeoutNanos) throws DbusException {
        call(BUS_NAME, BUS_PATH, BUS_NAME, "AddMatch", "s", List.of(rule), timeoutNanos);
    }

    /** Drops a subscription made with {@link #addMatch}. */
    public synchronized void removeMatch(String rule, long timeoutNanos) throws DbusException {
        call(BUS_NAME, BUS_PATH, BUS_NAME, "RemoveMatch", "s", List.of(rule), timeoutNanos);
    }

    /**
     * The first signal (queued or arriving) that {@code filter} accepts, waiting up to {@code timeoutNanos} (0:
     * only what is already there or readable at once). Signals it does not accept stay queued.
     *
     * @return the signal, or null on timeout
     */
    public synchronized DbusMessage awaitSignal(Predicate<DbusMessage> filter, long timeoutNanos)
            throws DbusException {
        for (var it = signals.iterator(); it.hasNext(); ) {
            DbusMessage m = it.next();
            if (filter.test(m)) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            DbusMessage m = next(deadline);
            if (m == null) {
                return null;
            }
            if (m.type() == DbusMessage.SIGNAL && filter.test(m)) {
                return m;
            }
            dispatch(m);
        }
    }

    /**
     * Whether a signal is queued or the socket has input, without waiting or allocating: a cheap test before
     * {@link #awaitSignal} with no timeout on a path that runs often.
     */
    public synchronized boolean hasInput() {
        if (closed) {
            return false;
        }
        if (!signals.isEmpty()) {
            return true;
        }
        try {
            return socket.awaitReadable(0);
        } catch (IOException e) {
            return true; // the next read reports it
        }
    }

    /** Drops every queued signal (closing descriptors they carried): for a connection that awaits nothing more. */
    public synchronized void discardQueuedSignals() {
        for (DbusMessage m : signals) {
            closeDescriptors(m);
        }
        signals.clear();
    }

    private static void closeDescriptors(DbusMessage m) {
        for (UnixFd fd : m.fds()) {
            SocketCalls.close(fd.fd());
        }
    }

    private void checkOpen() throws DbusException {
        if (closed) {
            throw new DbusException(DbusException.DISCONNECTED, "the bus connection is closed");
        }
    }

    public synchronized boolean isOpen() {
        return !closed;
    }

    /** Closes the socket and every descriptor received but not handed out. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DbusMessage m : signals) {
            closeDescriptors(m);
        }
        signals.clear();
        input.closeDescriptors();
        socket.close();
    }
}
