package dev.deskdup.internal.dbus;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.os.NativeLibrary;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc socket calls of the D-Bus transport (glibc on Linux). Each call that can fail captures {@code errno}
 * into a caller-provided state segment, read with {@link #errno(MemorySegment)}.
 *
 * <p>Kept here, not in the shared os package, until that package is reorganised (see docs/architecture.md).
 */
final class SocketCalls {

    private SocketCalls() {
    }

    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_CTRUNC = 0x8;
    static final int MSG_CMSG_CLOEXEC = 0x40000000;
    static final int POLLIN = 0x1;
    static final int POLLOUT = 0x4;
    static final int POLLERR = 0x8;
    static final int POLLHUP = 0x10;
    static final int POLLNVAL = 0x20;
    static final int EINTR = 4;
    static final int EAGAIN = 11;

    private static final Linker LINKER = Linker.nativeLinker();
    static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static MethodHandle fn(String name, FunctionDescriptor fd, Linker.Option... options) {
        return NativeLibrary.libc().function(name, fd, options);
    }

    /** int socket(int domain, int type, int protocol); */
    static final FunctionDescriptor FD_SOCKET = FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    static final MethodHandle SOCKET = fn("socket", FD_SOCKET, CAPTURE_ERRNO);
    /** int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen); */
    static final FunctionDescriptor FD_CONNECT = FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle CONNECT = fn("connect", FD_CONNECT, CAPTURE_ERRNO);
    /** ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags); */
    static final FunctionDescriptor FD_SENDMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle SENDMSG = fn("sendmsg", FD_SENDMSG, CAPTURE_ERRNO);
    /** ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags); */
    static final FunctionDescriptor FD_RECVMSG = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT);
    static final MethodHandle RECVMSG = fn("recvmsg", FD_RECVMSG, CAPTURE_ERRNO);
    /** int poll(struct pollfd *fds, nfds_t nfds, int timeout); */
    static final FunctionDescriptor FD_POLL = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    static final MethodHandle POLL = fn("poll", FD_POLL, CAPTURE_ERRNO);
    /** int close(int fd); */
    static final FunctionDescriptor FD_CLOSE = FunctionDescriptor.of(JAVA_INT, JAVA_INT);
    static final MethodHandle CLOSE = fn("close", FD_CLOSE);
    /** uid_t getuid(void); */
    static final FunctionDescriptor FD_GETUID = FunctionDescriptor.of(JAVA_INT);
    static final MethodHandle GETUID = fn("getuid", FD_GETUID);

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Closes a file descriptor, ignoring errors (used on every cleanup path). */
    static void close(int fd) {
        if (fd < 0) {
            return;
        }
        try {
            int rc = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
