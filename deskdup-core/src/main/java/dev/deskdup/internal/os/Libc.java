package dev.deskdup.internal.os;

import java.lang.foreign.Arena;
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
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The libc calls deskdup needs (Linux, glibc or musl): memory files, mapping, polling, SysV segments, freeing what
 * native libraries malloc'd. Every call that can fail checks its result and throws an {@link ErrnoException} naming
 * the call, its arguments and the errno; calls on the frame path ({@link #poll}, {@link #read}, {@link #write},
 * {@link #free(long)}) capture no errno and allocate nothing, and return the raw result for their caller to judge.
 */
public final class Libc {

    private Libc() {
    }

    private static final NativeLibrary C = NativeLibrary.libc();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    public static final int MFD_CLOEXEC = 0x0001;
    public static final int PROT_READ = 0x1;
    public static final int PROT_WRITE = 0x2;
    public static final int MAP_SHARED = 0x01;
    public static final int POLLIN = 0x001;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;
    public static final int POLLNVAL = 0x020;
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_RMID = 0;
    public static final int EFD_CLOEXEC = 02000000;
    public static final int EFD_NONBLOCK = 04000;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_CLOEXEC = 02000000;
    public static final int EEXIST = 17;
    public static final int ENOENT = 2;
    public static final int EACCES = 13;
    public static final int EAGAIN = 11;
    public static final int EINVAL = 22;
    /** Open-file-description locks (Linux 3.15+): owned by the open file, not the process; released on its close. */
    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final short F_WRLCK = 1;
    public static final short F_UNLCK = 2;
    public static final short SEEK_SET = 0;

    /** {@code struct flock { short l_type; short l_whence; off_t l_start; off_t l_len; pid_t l_pid; }} (64-bit) */
    public static final StructLayout FLOCK = MemoryLayout.structLayout(
            JAVA_SHORT.withName("l_type"), JAVA_SHORT.withName("l_whence"), MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("l_start"), JAVA_LONG.withName("l_len"), JAVA_INT.withName("l_pid"),
            MemoryLayout.paddingLayout(4));
    public static final long FLOCK_TYPE = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_type"));
    public static final long FLOCK_WHENCE = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_whence"));
    public static final long FLOCK_START = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_start"));
    public static final long FLOCK_LEN = FLOCK.byteOffset(MemoryLayout.PathElement.groupElement("l_len"));
    /** The layout of the errno capture segment {@link #fcntlLock} takes. */
    public static final StructLayout CALL_STATE_LAYOUT = Linker.Option.captureStateLayout();

    /** {@code struct pollfd { int fd; short events; short revents; }} */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"), JAVA_SHORT.withName("events"), JAVA_SHORT.withName("revents"));
    public static final long POLLFD_FD = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("fd"));
    public static final long POLLFD_EVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("events"));
    public static final long POLLFD_REVENTS = POLLFD.byteOffset(MemoryLayout.PathElement.groupElement("revents"));

    /** int memfd_create(const char *name, unsigned int flags); */
    private static final MethodHandle MEMFD_CREATE = C.function("memfd_create",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    /** int ftruncate(int fd, off_t length); */
    private static final MethodHandle FTRUNCATE = C.function("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    /** void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset); */
    private static final MethodHandle MMAP = C.function("mmap",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            CAPTURE_ERRNO);
    /** int munmap(void *addr, size_t length); */
    private static final MethodHandle MUNMAP = C.function("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    /** int close(int fd); */
    private static final MethodHandle CLOSE = C.function("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    /** int dup(int oldfd); */
    private static final MethodHandle DUP = C.function("dup",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    /** int poll(struct pollfd *fds, nfds_t nfds, int timeout); */
    private static final MethodHandle POLL = C.function("poll",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    /** void free(void *ptr);   (the pointer as a long: no MemorySegment per call on the frame path) */
    private static final MethodHandle FREE = C.function("free", FunctionDescriptor.ofVoid(JAVA_LONG));
    /** int eventfd(unsigned int initval, int flags); */
    private static final MethodHandle EVENTFD = C.function("eventfd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    /** ssize_t read(int fd, void *buf, size_t count); */
    private static final MethodHandle READ = C.function("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** ssize_t write(int fd, const void *buf, size_t count); */
    private static final MethodHandle WRITE = C.function("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** int open(const char *pathname, int flags, ... ( mode_t mode )); */
    private static final MethodHandle OPEN = C.function("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), CAPTURE_ERRNO,
            Linker.Option.firstVariadicArg(2));
    /** int fcntl(int fd, int cmd, ... ( struct flock *lock )); */
    private static final MethodHandle FCNTL_LOCK = C.function("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO,
            Linker.Option.firstVariadicArg(2));
    /** int shmget(key_t key, size_t size, int shmflg); */
    private static final MethodHandle SHMGET = C.function("shmget",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    /** void *shmat(int shmid, const void *shmaddr, int shmflg); */
    private static final MethodHandle SHMAT = C.function("shmat",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    /** int shmdt(const void *shmaddr); */
    private static final MethodHandle SHMDT = C.function("shmdt",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    /** int shmctl(int shmid, int cmd, struct shmid_ds *buf); */
    private static final MethodHandle SHMCTL = C.function("shmctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    /** {@code rc} when it is not negative, else an {@link ErrnoException} for {@code call}. */
    private static long check(long rc, MemorySegment state, String call, String hint) {
        if (rc < 0) {
            throw new ErrnoException(call, errno(state), hint);
        }
        return rc;
    }

    /** Creates an anonymous memory file (close-on-exec); returns its fd. */
    public static int memfdCreate(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (int) check((int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), MFD_CLOEXEC), state,
                    "memfd_create(name=" + name + ")", "a kernel without memfd, or too many open files?");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public static void ftruncate(int fd, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check((int) FTRUNCATE.invokeExact(state, fd, length), state,
                    "ftruncate(fd=" + fd + ", length=" + length + ")", "out of memory, or /dev/shm full?");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Maps {@code length} bytes of {@code fd} from {@code offset}, shared; returns the address. */
    public static long mmapShared(int fd, long offset, long length, boolean writable) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long address = (long) MMAP.invokeExact(state, MemorySegment.NULL, length,
                    PROT_READ | (writable ? PROT_WRITE : 0), MAP_SHARED, fd, offset);
            if (address == -1L) {
                throw new ErrnoException("mmap(fd=" + fd + ", offset=" + offset + ", length=" + length
                        + ", writable=" + writable + ")", errno(state), "out of address space or memory?");
            }
            return address;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Maps {@code length} bytes of {@code fd} from its start, shared; returns the address. */
    public static long mmapShared(int fd, long length, boolean writable) {
        return mmapShared(fd, 0, length, writable);
    }

    public static void munmap(long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check((int) MUNMAP.invokeExact(state, address, length), state,
                    "munmap(address=0x" + Long.toHexString(address) + ", length=" + length + ")", null);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Closes {@code fd}; EINTR counts as closed (Linux frees the descriptor before it can be interrupted). */
    public static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            if ((int) CLOSE.invokeExact(state, fd) < 0 && errno(state) != Errno.EINTR) {
                throw new ErrnoException("close(fd=" + fd + ")", errno(state), null);
            }
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public static int dup(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (int) check((int) DUP.invokeExact(state, fd), state, "dup(fd=" + fd + ")",
                    "too many open files?");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code poll(2)} over {@code count} pollfd entries in {@code fds}; allocation-free. Returns poll's result. */
    public static int poll(MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code free(3)} of memory a native library malloc'd (libxcb replies, events, errors); allocation-free. */
    public static void free(long pointer) {
        try {
            FREE.invokeExact(pointer);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code free(3)} of a pointer held as a segment. */
    public static void free(MemorySegment pointer) {
        free(pointer.address());
    }

    /** {@code eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)}: a wake-up fd to poll next to a socket. */
    public static int eventfd() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (int) check((int) EVENTFD.invokeExact(state, 0, EFD_CLOEXEC | EFD_NONBLOCK), state,
                    "eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK)", "too many open files?");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code read(2)}; allocation-free. Returns read's result (-1 on error, e.g. EAGAIN). */
    public static long read(int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(fd, buffer, count);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code write(2)}; allocation-free. Returns write's result. */
    public static long write(int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(fd, buffer, count);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Creates a private SysV segment, mode 0600; returns its id. */
    public static int shmget(long size) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (int) check((int) SHMGET.invokeExact(state, IPC_PRIVATE, size, IPC_CREAT | 0600), state,
                    "shmget(IPC_PRIVATE, size=" + size + ", IPC_CREAT|0600)",
                    "SysV shared memory limits too low? see /proc/sys/kernel/shmmax and shmall");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public static long shmat(int shmid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long address = (long) SHMAT.invokeExact(state, shmid, MemorySegment.NULL, 0);
            if (address == -1L) {
                throw new ErrnoException("shmat(shmid=" + shmid + ")", errno(state), "the segment is gone?");
            }
            return address;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public static void shmdt(long address) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check((int) SHMDT.invokeExact(state, address), state,
                    "shmdt(address=0x" + Long.toHexString(address) + ")", null);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Marks a SysV segment for removal: it goes once the last process detaches, even if we are killed. */
    public static void shmRemove(int shmid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            check((int) SHMCTL.invokeExact(state, shmid, IPC_RMID, MemorySegment.NULL), state,
                    "shmctl(shmid=" + shmid + ", IPC_RMID)", null);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * {@code open(2)}: returns the fd, or {@code -errno} when it failed, so that callers tell EEXIST, ENOENT and
     * EACCES apart without an exception (the shared ring's file lifecycle).
     */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int fd = (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, mode);
            return fd >= 0 ? fd : -errno(state);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * {@code fcntl(fd, cmd, lock)} with a {@link #FLOCK} struct and a {@link #CALL_STATE_LAYOUT} segment for errno,
     * both kept by the caller: returns 0, or {@code -errno}. Allocation-free.
     */
    public static int fcntlLock(int fd, int cmd, MemorySegment flock, MemorySegment callState) {
        try {
            int rc = (int) FCNTL_LOCK.invokeExact(callState, fd, cmd, flock);
            return rc >= 0 ? 0 : -errno(callState);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
