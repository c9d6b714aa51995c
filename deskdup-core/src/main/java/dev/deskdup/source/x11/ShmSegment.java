package dev.deskdup.source.x11;

import dev.deskdup.os.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One piece of memory shared with the X server (a slot's pixels, or the scratch that sub-rectangles land in).
 *
 * <p>A memfd passed to the server ({@code xcb_shm_attach_fd}, MIT-SHM 1.2), so the same pages can later be shared
 * with other processes and nothing is left behind in any namespace. Where the server cannot take an fd, a SysV
 * segment (mode 0600) is used and marked for removal as soon as both sides are attached, so it goes away even if
 * the JVM is killed. Each segment has its own arena: a slot rebuilt after a resize unmaps only its old memory.
 */
final class ShmSegment implements AutoCloseable {

    final int id;
    final MemorySegment memory;
    final boolean fdPassing;
    private final int fd;
    private final Arena arena;
    private final X11Connection x;
    private boolean closed;

    private ShmSegment(X11Connection x, int id, int fd, MemorySegment memory, Arena arena) {
        this.x = x;
        this.id = id;
        this.fd = fd;
        this.memory = memory;
        this.arena = arena;
        this.fdPassing = fd >= 0;
    }

    /** Creates and attaches {@code size} bytes; by fd when {@code tryFd} and the server takes it, else SysV. */
    static ShmSegment create(X11Connection x, long size, boolean tryFd) {
        ShmSegment s = tryFd ? createFd(x, size) : null;
        return s != null ? s : createSysv(x, size);
    }

    /** memfd + xcb_shm_attach_fd; null when the server refuses fd passing. */
    private static ShmSegment createFd(X11Connection x, long size) {
        int fd = Libc.memfdCreate("deskdup-slot");
        Arena arena = null;
        try {
            Libc.ftruncate(fd, size);
            int segment = x.generateId();
            // xcb closes the fd it sends, so it gets a duplicate and we keep ours for mapping.
            int sent = Libc.dup(fd);
            int cookie = (int) XcbShm.ATTACH_FD_CHECKED.invokeExact(x.pointer(), segment, sent, (byte) 0);
            long error = (long) Xcb.REQUEST_CHECK.invokeExact(x.pointer(), cookie);
            if (error != 0) {
                Libc.free(error);
                Libc.close(fd);
                return null;
            }
            x.checkAlive("ShmAttachFd");
            arena = Arena.ofShared();
            long address = Libc.mmapShared(fd, size, true);
            MemorySegment memory = MemorySegment.ofAddress(address).reinterpret(size, arena,
                    s -> Libc.munmap(address, size));
            return new ShmSegment(x, segment, fd, memory, arena);
        } catch (RuntimeException | Error e) {
            if (arena != null) {
                arena.close();
            }
            Libc.close(fd);
            throw e;
        } catch (Throwable t) {
            Libc.close(fd);
            throw new AssertionError(t);
        }
    }

    private static ShmSegment createSysv(X11Connection x, long size) {
        int shmid = Libc.shmget(size);
        try {
            int segment = x.generateId();
            int cookie = (int) XcbShm.ATTACH_CHECKED.invokeExact(x.pointer(), segment, shmid, (byte) 0);
            x.check(cookie, "ShmAttach");
            long address = Libc.shmat(shmid);
            Arena arena = Arena.ofShared();
            MemorySegment memory = MemorySegment.ofAddress(address).reinterpret(size, arena,
                    s -> Libc.shmdt(address));
            return new ShmSegment(x, segment, -1, memory, arena);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        } finally {
            // Both sides are attached (or it failed): it lives while attached and vanishes with the last detach.
            Libc.shmRemove(shmid);
        }
    }

    /** Detaches from the server (when the connection still works), unmaps, closes the fd. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!x.isClosed() && !x.hasError()) {
                int cookie = (int) XcbShm.DETACH_CHECKED.invokeExact(x.pointer(), id);
                long error = (long) Xcb.REQUEST_CHECK.invokeExact(x.pointer(), cookie);
                if (error != 0) {
                    Libc.free(error);
                }
            }
        } catch (Throwable t) {
            // the server is going away: unmapping below is what matters
        } finally {
            arena.close(); // any view still held now throws instead of reading unmapped memory
            if (fd >= 0) {
                Libc.close(fd);
            }
        }
    }
}
