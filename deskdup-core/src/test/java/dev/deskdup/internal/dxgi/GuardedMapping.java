package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.Libc;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The memory of a fake staging texture, as a driver gives it: a memfd the "GPU" writes through its own mapping,
 * and a CPU mapping that Map makes readable ({@code PROT_READ}) and Unmap makes unreadable ({@code PROT_NONE},
 * address kept reserved so that nothing else lands there). A read of a pointer after Unmap is therefore a real
 * fault, as on Windows, not a silent read of stale memory.
 */
final class GuardedMapping implements AutoCloseable {

    private static final int PROT_NONE = 0;
    private static final int PROT_READ = 1;

    // int mprotect(void *addr, size_t len, int prot);
    private static final MethodHandle MPROTECT = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mprotect").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));

    final long length;
    private final int fd;
    /** The GPU's view: always writable. */
    final MemorySegment gpu;
    private final List<Long> cpuViews = new ArrayList<>();
    private long cpu;

    GuardedMapping(long bytes) {
        length = (bytes + 4095) & ~4095L;
        fd = Libc.memfdCreate("deskdup-fake-staging");
        Libc.ftruncate(fd, length);
        gpu = MemorySegment.ofAddress(Libc.mmapShared(fd, length, true)).reinterpret(length);
    }

    /** Map: the CPU view made readable (a new address when {@code move}, else the same as before). */
    long map(boolean move) {
        if (cpu == 0 || move) {
            cpu = Libc.mmapShared(fd, length, false);
            cpuViews.add(cpu);
        } else {
            protect(cpu, PROT_READ);
        }
        return cpu;
    }

    /** Unmap: the CPU view faults from now on. */
    void unmap() {
        protect(cpu, PROT_NONE);
    }

    /** Whether {@code [address, address + size)} touches any CPU view this texture ever had. */
    boolean overlapsCpuView(long address, long size) {
        for (long v : cpuViews) {
            if (address < v + length && v < address + size) {
                return true;
            }
        }
        return false;
    }

    private void protect(long address, int prot) {
        try {
            int rc = (int) MPROTECT.invokeExact(address, length, prot);
            if (rc != 0) {
                throw new IllegalStateException("mprotect failed");
            }
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public void close() {
        for (long v : cpuViews) {
            Libc.munmap(v, length);
        }
        Libc.munmap(gpu.address(), length);
        Libc.close(fd);
    }
}
