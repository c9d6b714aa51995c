package dev.deskdup.internal.x11;

import java.util.ArrayList;
import java.util.List;

/** The external files attached to the server, one attachment per file descriptor, counted by the slots using it. */
final class X11Files {

    private final X11Connection conn;
    private final List<ShmFile> attached = new ArrayList<>();

    X11Files(X11Connection conn) {
        this.conn = conn;
    }

    /** The attachment of {@code fd}, made on first use; null when the server refuses fd passing. */
    ShmFile attach(int fd) {
        for (ShmFile f : attached) {
            if (f.fd == fd) {
                f.retain();
                return f;
            }
        }
        ShmFile f = ShmFile.attach(conn, fd);
        if (f != null) {
            f.retain();
            attached.add(f);
        }
        return f;
    }

    void release(ShmFile f) {
        if (f.release()) {
            attached.remove(f);
            f.close();
        }
    }
}
