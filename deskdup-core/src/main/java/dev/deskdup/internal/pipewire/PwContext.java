package dev.deskdup.internal.pipewire;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;

import java.lang.foreign.MemorySegment;

/**
 * A {@code pw_context} on a thread loop, and its connection ({@code pw_core}) to a PipeWire daemon: on the
 * portal's file descriptor ({@code pw_context_connect_fd}), or on the default socket (tests, the test producer).
 * Created and closed with the loop's lock held (see {@link PwThreadLoop}).
 */
public final class PwContext implements AutoCloseable {

    private final MemorySegment context;
    private MemorySegment core = MemorySegment.NULL;
    private boolean closed;

    private PwContext(MemorySegment context) {
        this.context = context;
    }

    public static PwContext create(PwThreadLoop loop) {
        try {
            MemorySegment c = (MemorySegment) PipeWireLibrary.CONTEXT_NEW.invokeExact(loop.loop(), MemorySegment.NULL,
                    0L);
            if (c.address() == 0) {
                throw new CaptureException("pw_context_new failed (PipeWire's client configuration missing? "
                        + "install: " + PipeWireLibrary.INSTALL + ")");
            }
            return new PwContext(c);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * Connects on {@code fd}, which PipeWire then owns (it closes it on disconnect). On failure the fd is left to
     * the caller.
     */
    public void connectFd(int fd) {
        try {
            MemorySegment c = (MemorySegment) PipeWireLibrary.CONTEXT_CONNECT_FD.invokeExact(context, fd,
                    MemorySegment.NULL, 0L);
            if (c.address() == 0) {
                throw new CaptureException("pw_context_connect_fd(fd=" + fd + ") failed: the portal's PipeWire "
                        + "connection is not usable (PipeWire stopped?)");
            }
            core = c;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Connects to the default daemon ({@code $PIPEWIRE_REMOTE} or {@code $XDG_RUNTIME_DIR/pipewire-0}). */
    public void connectDefault() {
        try {
            MemorySegment c = (MemorySegment) PipeWireLibrary.CONTEXT_CONNECT.invokeExact(context, MemorySegment.NULL,
                    0L);
            if (c.address() == 0) {
                throw new CaptureException("pw_context_connect failed: no PipeWire daemon at $XDG_RUNTIME_DIR/"
                        + "pipewire-0 (XDG_RUNTIME_DIR=" + System.getenv("XDG_RUNTIME_DIR") + ")");
            }
            core = c;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Connects to the daemon listening at {@code socketPath} (an absolute path: PipeWire's {@code remote.name}). */
    public void connectTo(String socketPath) {
        try (java.lang.foreign.Arena temp = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment props = (MemorySegment) PipeWireLibrary.PROPERTIES_NEW_STRING.invokeExact(
                    temp.allocateFrom("remote.name=\"" + socketPath + "\""));
            MemorySegment c = (MemorySegment) PipeWireLibrary.CONTEXT_CONNECT.invokeExact(context, props, 0L);
            if (c.address() == 0) {
                throw new CaptureException("pw_context_connect(remote.name=" + socketPath + ") failed: no PipeWire "
                        + "daemon listens there");
            }
            core = c;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    MemorySegment core() {
        if (core.address() == 0) {
            throw new IllegalStateException("PipeWire context is not connected");
        }
        return core;
    }

    /** Disconnects and destroys the context (streams first). Loop lock held. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (core.address() != 0) {
                int rc = (int) PipeWireLibrary.CORE_DISCONNECT.invokeExact(core);
                core = MemorySegment.NULL;
            }
            PipeWireLibrary.CONTEXT_DESTROY.invokeExact(context);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
