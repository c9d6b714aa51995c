package dev.deskdup.internal.pipewire;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@code pw_thread_loop}: PipeWire's own thread, which runs the loop of a context and every callback of its
 * streams. Any other thread that touches a PipeWire object of this loop holds {@link #lock()} (PipeWire's rule for
 * thread loops); the loop thread itself holds it while it runs callbacks.
 */
public final class PwThreadLoop implements AutoCloseable {

    private final MemorySegment loop;
    private boolean started;
    private boolean closed;

    private PwThreadLoop(MemorySegment loop) {
        this.loop = loop;
    }

    /** Creates (does not start) a thread loop named {@code name} (the thread's name). */
    public static PwThreadLoop create(String name) {
        PipeWire.init();
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment l = (MemorySegment) PipeWireLibrary.THREAD_LOOP_NEW.invokeExact(temp.allocateFrom(name),
                    MemorySegment.NULL);
            if (l.address() == 0) {
                throw new CaptureException("pw_thread_loop_new failed (out of memory or file descriptors?)");
            }
            return new PwThreadLoop(l);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    MemorySegment pointer() {
        return loop;
    }

    /** The {@code pw_loop} it runs, for {@code pw_context_new}. */
    MemorySegment loop() {
        try {
            return (MemorySegment) PipeWireLibrary.THREAD_LOOP_GET_LOOP.invokeExact(loop);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public void start() {
        try {
            PipeWireLibrary.check((int) PipeWireLibrary.THREAD_LOOP_START.invokeExact(loop), "pw_thread_loop_start");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        started = true;
    }

    /** Takes the loop's lock (recursive); allocation-free. */
    public void lock() {
        try {
            PipeWireLibrary.THREAD_LOOP_LOCK.invokeExact(loop);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public void unlock() {
        try {
            PipeWireLibrary.THREAD_LOOP_UNLOCK.invokeExact(loop);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Whether the calling thread is the loop's thread. */
    public boolean inThread() {
        try {
            return (boolean) PipeWireLibrary.THREAD_LOOP_IN_THREAD.invokeExact(loop);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Stops the thread (joins it) and frees the loop. Call without holding the lock. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (started) {
                PipeWireLibrary.THREAD_LOOP_STOP.invokeExact(loop);
            }
            PipeWireLibrary.THREAD_LOOP_DESTROY.invokeExact(loop);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
