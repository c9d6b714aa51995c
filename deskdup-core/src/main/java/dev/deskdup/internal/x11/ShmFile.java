package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.Libc;
import dev.deskdup.internal.os.NativeRuntime;

/**
 * A file someone else owns (a shared ring's file), attached to the X server once with {@code xcb_shm_attach_fd} so
 * that the server writes frames into it at each slot's offset. Shared by the slots that live in the file; detached
 * when the last one lets go.
 */
final class ShmFile implements AutoCloseable {

    final int fd;
    final int segment;
    private final X11Connection conn;
    private int users;

    private ShmFile(X11Connection conn, int fd, int segment) {
        this.conn = conn;
        this.fd = fd;
        this.segment = segment;
    }

    /** Attaches {@code fd} (the caller keeps it; the server gets a duplicate); null when the server refuses. */
    static ShmFile attach(X11Connection conn, int fd) {
        int segment = conn.generateId();
        int sent = Libc.dup(fd); // xcb closes the fd it sends
        int cookie;
        try {
            cookie = (int) XcbShm.ATTACH_FD_CHECKED.invokeExact(conn.pointer(), segment, sent, (byte) 0);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long error;
        try {
            error = conn.replies().errorOf(cookie, "ShmAttachFd");
        } catch (X11Replies.Abandoned e) {
            ShmSegment.detach(conn, segment); // the server attaches it when it gets to it: detach it right after
            throw e;
        }
        if (error != 0) {
            Libc.free(error);
            return null;
        }
        return new ShmFile(conn, fd, segment);
    }

    void retain() {
        users++;
    }

    /** One slot less uses the file; returns whether none does any more. */
    boolean release() {
        return --users <= 0;
    }

    /** Detaches from the server (when the connection still works); the fd stays with its owner. */
    @Override
    public void close() {
        ShmSegment.detach(conn, segment);
    }
}
