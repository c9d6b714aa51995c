package dev.deskdup.internal.dbus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What came in on the socket and is not consumed yet: bytes (auth lines, then messages) and the descriptors that
 * arrived with them, in order.
 */
final class DbusInput {

    private byte[] buf = new byte[8192];
    private int length;
    private final List<UnixFd> fds = new ArrayList<>();

    /**
     * Reads once from the socket, waiting until {@code deadlineNanos} at most.
     *
     * @return false on timeout
     * @throws IOException when the peer closed the connection or the read failed
     */
    boolean fill(UnixSocket socket, long deadlineNanos) throws IOException {
        long remaining = deadlineNanos - System.nanoTime();
        int millis = (int) Math.max(0, Math.min(100, (remaining + 999_999) / 1_000_000));
        if (!socket.awaitReadable(millis)) {
            return false;
        }
        if (length == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = socket.receive(buf, length, buf.length - length, fd -> fds.add(new UnixFd(fd)));
        if (n < 0) {
            throw new IOException("the bus closed the connection (" + socket.description() + ")");
        }
        length += n;
        return true;
    }

    /** One line ending in CRLF, without it, or null when no whole line is there yet (auth phase). */
    String takeLine() throws IOException {
        for (int i = 0; i + 1 < length; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                String line = new String(buf, 0, i, StandardCharsets.US_ASCII);
                consume(i + 2);
                return line;
            }
        }
        if (length > 16 * 1024) {
            throw new IOException("the bus sent an authentication line longer than 16 KiB");
        }
        return null;
    }

    /** One whole message, or null when it has not fully arrived. */
    DbusMessage takeMessage() {
        int frame = DbusMessage.frameLength(buf, length);
        if (frame < 0 || frame > length) {
            if (frame > buf.length) {
                buf = Arrays.copyOf(buf, frame);
            }
            return null;
        }
        try {
            return DbusMessage.decode(buf, frame, fds);
        } finally {
            consume(frame);
        }
    }

    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, length - n);
        length -= n;
    }

    /** Closes descriptors that arrived but belong to no message taken. */
    void closeDescriptors() {
        for (UnixFd fd : fds) {
            SocketCalls.close(fd.fd());
        }
        fds.clear();
    }
}
