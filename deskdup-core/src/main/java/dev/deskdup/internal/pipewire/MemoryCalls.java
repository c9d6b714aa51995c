package dev.deskdup.internal.pipewire;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.os.NativeLibrary;

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

/**
 * The libc calls for mapping PipeWire's memfd buffers ourselves: {@code mmap}, {@code munmap}, {@code sysconf}.
 * Kept here until the os package is reorganised.
 */
final class MemoryCalls {

    private MemoryCalls() {
    }

    static final int PROT_READ = 0x1;
    static final int PROT_WRITE = 0x2;
    static final int MAP_SHARED = 0x01;
    private static final int SC_PAGESIZE = 30;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static MethodHandle fn(String name, FunctionDescriptor fd, Linker.Option... options) {
        return NativeLibrary.libc().function(name, fd, options);
    }

    /** void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset); */
    static final FunctionDescriptor FD_MMAP = FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT,
            JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MMAP = fn("mmap", FD_MMAP, Linker.Option.captureCallState("errno"));
    /** int munmap(void *addr, size_t length); */
    static final FunctionDescriptor FD_MUNMAP = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle MUNMAP = fn("munmap", FD_MUNMAP);
    /** long sysconf(int name); */
    static final FunctionDescriptor FD_SYSCONF = FunctionDescriptor.of(JAVA_LONG, JAVA_INT);
    private static final MethodHandle SYSCONF = fn("sysconf", FD_SYSCONF);

    static final long PAGE_SIZE = pageSize();

    private static long pageSize() {
        try {
            long p = (long) SYSCONF.invokeExact(SC_PAGESIZE);
            return p > 0 ? p : 4096;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Maps {@code length} bytes of {@code fd} at page-aligned {@code offset}, shared and read-only. */
    static long mmapReadOnly(int fd, long offset, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long addr = (long) MMAP.invokeExact(state, MemorySegment.NULL, length, PROT_READ, MAP_SHARED, fd, offset);
            if (addr == -1L) {
                throw new IllegalStateException("mmap(fd=" + fd + ", offset=" + offset + ", length=" + length
                        + ") of a PipeWire buffer failed: errno=" + (int) ERRNO.get(state, 0L));
            }
            return addr;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** void *mremap(void *old_address, size_t old_size, size_t new_size, int flags, ...); */
    static final FunctionDescriptor FD_MREMAP = FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
            JAVA_INT);
    private static final MethodHandle MREMAP = fn("mremap", FD_MREMAP, Linker.Option.firstVariadicArg(4),
            Linker.Option.captureCallState("errno"));
    private static final int MREMAP_MAYMOVE = 1;

    /**
     * A second mapping of the same pages as the shared mapping at {@code address} ({@code mremap} with
     * {@code old_size = 0}, Linux): it stays valid when the first is unmapped. Returns -1 when the memory is not a
     * shared mapping (then it cannot be duplicated).
     */
    static long duplicateMapping(long address, long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (long) MREMAP.invokeExact(state, address, 0L, length, MREMAP_MAYMOVE);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;

    /** Maps {@code length} bytes of zero pages, read-only (costs no memory until... never: it cannot be written). */
    static long mmapZeroes(long length) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            long addr = (long) MMAP.invokeExact(state, MemorySegment.NULL, length, PROT_READ,
                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
            if (addr == -1L) {
                throw new IllegalStateException("mmap(anonymous, length=" + length + ") failed: errno="
                        + (int) ERRNO.get(state, 0L));
            }
            return addr;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    static void munmap(long address, long length) {
        try {
            int rc = (int) MUNMAP.invokeExact(address, length);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
