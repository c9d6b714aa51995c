package dev.deskdup.internal.dbus;

import dev.deskdup.internal.os.NativeRuntime;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A connected {@code AF_UNIX} stream socket that sends and receives file descriptors ({@code SCM_RIGHTS}), which
 * the JDK's own unix-domain channels cannot. Received descriptors are close-on-exec ({@code MSG_CMSG_CLOEXEC}).
 *
 * <p>Not for a hot path: each call takes the socket's monitor. Its native buffers live in one arena freed by
 * {@link #close()}.
 */
final class UnixSocket implements AutoCloseable {

    /** Most descriptors accepted with one {@code recvmsg}; D-Bus messages of the portal carry one. */
    static final int MAX_FDS_PER_READ = 16;
    private static final int BUFFER = 64 * 1024;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(SocketCalls.CALL_STATE);
    private final MemorySegment msghdr = arena.allocate(SocketLayouts.MSGHDR);
    private final MemorySegment iovec = arena.allocate(SocketLayouts.IOVEC);
    private final MemorySegment control = arena.allocate(SocketLayouts.cmsgSpace(4L * MAX_FDS_PER_READ), 8);
    private final MemorySegment buffer = arena.allocate(BUFFER, 8);
    private final MemorySegment pollfd = arena.allocate(8, 4);
    private final String description;
    private int fd;

    private UnixSocket(int fd, String description) {
        this.fd = fd;
        this.description = description;
    }

    /**
     * Connects to a socket by file system path, or in the abstract namespace when {@code abstractName} (Linux).
     *
     * @throws IOException naming the address and errno when the connection fails
     */
    static UnixSocket connect(String name, boolean abstractName) throws IOException {
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        int room = SocketLayouts.SUN_PATH_MAX - (abstractName ? 1 : 1); // leading NUL, or trailing NUL
        String description = (abstractName ? "abstract=" : "path=") + name;
        if (path.length > room) {
            throw new IOException("unix socket " + description + " is longer than " + room + " bytes");
        }
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment st = temp.allocate(SocketCalls.CALL_STATE);
            int fd = (int) SocketCalls.SOCKET.invokeExact(st, SocketCalls.AF_UNIX,
                    SocketCalls.SOCK_STREAM | SocketCalls.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw new IOException("socket(AF_UNIX) failed: errno=" + SocketCalls.errno(st));
            }
            MemorySegment addr = temp.allocate(SocketLayouts.SOCKADDR_UN);
            addr.set(JAVA_SHORT, 0, (short) SocketCalls.AF_UNIX);
            long at = SocketLayouts.SUN_PATH + (abstractName ? 1 : 0);
            MemorySegment.copy(path, 0, addr, JAVA_BYTE, at, path.length);
            // Abstract names are exactly as long as given (no terminator); paths are NUL-terminated.
            int length = (int) (abstractName ? at + path.length : SocketLayouts.SOCKADDR_UN.byteSize());
            int rc = (int) SocketCalls.CONNECT.invokeExact(st, fd, addr, length);
            if (rc != 0) {
                int errno = SocketCalls.errno(st);
                SocketCalls.close(fd);
                throw new IOException("connect(" + description + ") failed: errno=" + errno
                        + (errno == 2 ? " (no such socket: is the bus running?)"
                        : errno == 111 ? " (connection refused: nobody listens there)" : ""));
            }
            return new UnixSocket(fd, description);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    String description() {
        return description;
    }

    /** Writes all of {@code data[0, length)}; blocks until the kernel took it (D-Bus messages here are small). */
    synchronized void send(byte[] data, int length) throws IOException {
        checkOpen();
        int sent = 0;
        while (sent < length) {
            int n = Math.min(length - sent, BUFFER);
            MemorySegment.copy(data, sent, buffer, JAVA_BYTE, 0, n);
            msghdr.fill((byte) 0);
            iovec.set(ADDRESS, SocketLayouts.IOV_BASE, buffer);
            iovec.set(JAVA_LONG, SocketLayouts.IOV_LEN, n);
            msghdr.set(ADDRESS, SocketLayouts.MSG_IOV, iovec);
            msghdr.set(JAVA_LONG, SocketLayouts.MSG_IOVLEN, 1);
            long rc;
            try {
                rc = (long) SocketCalls.SENDMSG.invokeExact(state, fd, msghdr, SocketCalls.MSG_NOSIGNAL);
            } catch (Throwable t) {
                throw NativeRuntime.rethrow(t);
            }
            if (rc < 0) {
                int errno = SocketCalls.errno(state);
                if (errno == SocketCalls.EINTR) {
                    continue;
                }
                throw new IOException("sendmsg(" + description + ") failed: errno=" + errno
                        + (errno == 32 ? " (the peer closed the connection)" : ""));
            }
            sent += (int) rc;
        }
    }

    /**
     * Waits up to {@code timeoutMillis} (0: don't wait) until the socket is readable or closed by the peer.
     *
     * @return true when a read will not block
     */
    synchronized boolean awaitReadable(int timeoutMillis) throws IOException {
        checkOpen();
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(JAVA_SHORT, 4, (short) SocketCalls.POLLIN);
        pollfd.set(JAVA_SHORT, 6, (short) 0);
        int rc;
        try {
            rc = (int) SocketCalls.POLL.invokeExact(state, pollfd, 1L, timeoutMillis);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        if (rc < 0) {
            int errno = SocketCalls.errno(state);
            if (errno == SocketCalls.EINTR) {
                return false;
            }
            throw new IOException("poll(" + description + ") failed: errno=" + errno);
        }
        return rc > 0;
    }

    /**
     * Reads what is available (blocking until at least one byte when nothing is), handing each received descriptor
     * to {@code fds} in arrival order.
     *
     * @return bytes read into {@code dst[offset, offset+n)}, or -1 when the peer closed the connection
     */
    synchronized int receive(byte[] dst, int offset, int length, IntConsumer fds) throws IOException {
        checkOpen();
        int n = Math.min(length, BUFFER);
        while (true) {
            msghdr.fill((byte) 0);
            iovec.set(ADDRESS, SocketLayouts.IOV_BASE, buffer);
            iovec.set(JAVA_LONG, SocketLayouts.IOV_LEN, n);
            msghdr.set(ADDRESS, SocketLayouts.MSG_IOV, iovec);
            msghdr.set(JAVA_LONG, SocketLayouts.MSG_IOVLEN, 1);
            msghdr.set(ADDRESS, SocketLayouts.MSG_CONTROL, control);
            msghdr.set(JAVA_LONG, SocketLayouts.MSG_CONTROLLEN, control.byteSize());
            long rc;
            try {
                rc = (long) SocketCalls.RECVMSG.invokeExact(state, fd, msghdr, SocketCalls.MSG_CMSG_CLOEXEC);
            } catch (Throwable t) {
                throw NativeRuntime.rethrow(t);
            }
            if (rc < 0) {
                int errno = SocketCalls.errno(state);
                if (errno == SocketCalls.EINTR) {
                    continue;
                }
                throw new IOException("recvmsg(" + description + ") failed: errno=" + errno);
            }
            takeDescriptors(fds);
            if (rc == 0) {
                return -1;
            }
            MemorySegment.copy(buffer, JAVA_BYTE, 0, dst, offset, (int) rc);
            return (int) rc;
        }
    }

    private void takeDescriptors(IntConsumer fds) throws IOException {
        long controlLength = msghdr.get(JAVA_LONG, SocketLayouts.MSG_CONTROLLEN);
        long at = 0;
        while (at + SocketLayouts.CMSGHDR.byteSize() <= controlLength) {
            long len = control.get(JAVA_LONG, at + SocketLayouts.CMSG_LEN);
            int level = control.get(JAVA_INT, at + SocketLayouts.CMSG_LEVEL);
            int type = control.get(JAVA_INT, at + SocketLayouts.CMSG_TYPE);
            if (len < SocketLayouts.CMSGHDR.byteSize()) {
                break;
            }
            if (level == SocketCalls.SOL_SOCKET && type == SocketCalls.SCM_RIGHTS) {
                long count = (len - SocketLayouts.CMSGHDR.byteSize()) / 4;
                for (int i = 0; i < count; i++) {
                    fds.accept(control.get(JAVA_INT, at + SocketLayouts.CMSG_DATA + 4L * i));
                }
            }
            at += (len + 7) & ~7L;
        }
        if ((msghdr.get(JAVA_INT, SocketLayouts.MSG_FLAGS) & SocketCalls.MSG_CTRUNC) != 0) {
            throw new IOException("recvmsg(" + description + ") dropped file descriptors: more than "
                    + MAX_FDS_PER_READ + " in one read (MSG_CTRUNC)");
        }
    }

    private void checkOpen() throws IOException {
        if (fd < 0) {
            throw new IOException("unix socket " + description + " is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (fd >= 0) {
            SocketCalls.close(fd);
            fd = -1;
            arena.close();
        }
    }
}
