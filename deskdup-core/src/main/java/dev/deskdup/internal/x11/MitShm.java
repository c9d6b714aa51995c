package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.Libc;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** What the server's MIT-SHM extension offers: asked once per connection, before any segment is attached. */
final class MitShm {

    private MitShm() {
    }

    /** MIT-SHM's version on this server, or a clear error when it has none. */
    static int[] version(X11Connection x) {
        if (!XcbShm.LIB.isLoaded()) {
            throw new CaptureException("X11 capture needs libxcb-shm: " + XcbShm.LIB.unavailableReason());
        }
        if (x.extension(XcbShm.EXTENSION_ID) == null) {
            throw new CaptureException("MIT-SHM is not available on display=" + x.display() + " (deskdup needs the "
                    + "X server's shared-memory extension: it is missing on remote/ssh-forwarded displays; run on "
                    + "the machine of the X server, or start Xvfb, which has it)");
        }
        int cookie;
        try {
            cookie = (int) XcbShm.QUERY_VERSION.invokeExact(x.pointer());
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = x.reply(cookie, "ShmQueryVersion");
        int[] version = {Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbShm.VERSION_MAJOR)),
                Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, reply + XcbShm.VERSION_MINOR))};
        Libc.free(reply);
        return version;
    }
}
