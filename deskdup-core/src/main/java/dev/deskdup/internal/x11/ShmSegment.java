package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.Closer;
import dev.deskdup.internal.os.Libc;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One piece of memory shared with the X server (a slot's pixels, or the scratch that sub-rectangles land in).
 *
 * <p>A memfd passed to the server ({@code xcb_shm_attach_fd}, MIT-SHM 1.2), so nothing is left behind in any
 * namespace. Where the server cannot take an fd, a SysV segment (mode 0600) is used and marked for removal as soon
 * as both sides are attached, so it goes away even if the JVM is killed. Each segment has its own arena: a slot
 * rebuilt after a resize unmaps only its old memory, and a view of it held past that throws instead of reading
 * unmapped memory.
 */
final class ShmSegment implements AutoCloseable {

    final int id;
    final MemorySegment memory;
    final boolean fdPassing;
    private final int fd;
    private final Arena arena;
    private final X11Connection conn;
    private boolean closed;

    private ShmSegment(X11Connection conn, int id, int fd, MemorySegment memory, Arena arena) {
        this.conn = conn;
        this.id = id;
        this.fd = fd;
        this.memory = memory;
        this.arena = arena;
        this.fdPassing = fd >= 0;
    }

    /** Creates and attaches {@code size} bytes; by fd when {@code tryFd} and the server takes it, else SysV. */
    static ShmSegment create(X11Connection conn, long size, boolean tryFd) {
        ShmSegment s = tryFd ? createFd(conn, size) : null;
        return s != null ? s : createSysv(conn, size);
    }

    /** memfd + xcb_shm_attach_fd; null when the server refuses fd passing. */
    private static ShmSegment createFd(X11Connection conn, long size) {
        int fd = Libc.memfdCreate("deskdup-slot");
        Arena arena = null;
        try {
            Libc.ftruncate(fd, size);
            ShmFile attached = ShmFile.attach(conn, fd);
            if (attached == null) {
                Libc.close(fd);
                return null;
            }
            arena = Arena.ofShared();
            long address = Libc.mmapShared(fd, size, true);
            MemorySegment memory = MemorySegment.ofAddress(address).reinterpret(size, arena,
                    s -> Libc.munmap(address, size));
            return new ShmSegment(conn, attached.segment, fd, memory, arena);
        } catch (RuntimeException | Error e) {
            if (arena != null) {
                arena.close();
            }
            Closer closer = new Closer();
            closer.run(() -> Libc.close(fd));
            closer.finishInto(e);
            throw e;
        }
    }

    private static ShmSegment createSysv(X11Connection conn, long size) {
        int shmid = Libc.shmget(size);
        Closer closer = new Closer();
        try {
            int segment = conn.generateId();
            int cookie = (int) XcbShm.ATTACH_CHECKED.invokeExact(conn.pointer(), segment, shmid, (byte) 0);
            try {
                conn.check(cookie, "ShmAttach");
            } catch (X11Replies.Abandoned e) {
                detach(conn, segment); // the server attaches it when it gets to it: detach it right after
                throw e;
            }
            long address = Libc.shmat(shmid);
            Arena arena = Arena.ofShared();
            MemorySegment memory = MemorySegment.ofAddress(address).reinterpret(size, arena,
                    s -> Libc.shmdt(address));
            return new ShmSegment(conn, segment, -1, memory, arena);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        } finally {
            // Both sides are attached (or it failed): it lives while attached and vanishes with the last detach.
            closer.run(() -> Libc.shmRemove(shmid));
            closer.finish();
        }
    }

    /**
     * Detaches segment {@code id} from the server: queued, never waited for (the next request flushes it; a
     * connection closed meanwhile detaches everything anyway). Nothing when the connection is closed or broken.
     */
    static void detach(X11Connection conn, int id) {
        if (conn.isClosed() || conn.hasError()) {
            return;
        }
        try {
            int ignored = (int) XcbShm.DETACH.invokeExact(conn.pointer(), id);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Detaches from the server, unmaps, closes the fd; every step runs, the first failure is thrown. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Closer closer = new Closer();
        closer.run(() -> detach(conn, id));
        closer.run(arena::close); // any view still held now throws instead of reading unmapped memory
        if (fd >= 0) {
            closer.run(() -> Libc.close(fd));
        }
        closer.finish();
    }
}
