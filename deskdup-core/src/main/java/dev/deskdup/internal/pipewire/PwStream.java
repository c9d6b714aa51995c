package dev.deskdup.internal.pipewire;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A {@code pw_stream} with its event table: five upcall stubs (state, param, add/remove buffer, process) bound to
 * this stream's {@link Listener}, and the {@code spa_hook}, all in one arena that lives exactly as long as the
 * stream. Callbacks run on the loop's thread with its lock held; the listener must not throw (an exception escaping
 * an upcall would end the JVM), so each stub catches everything and reports it through
 * {@link Listener#callbackFailed}.
 *
 * <p>Pointers cross the upcalls as {@code long}s, so the per-frame {@code process} callback allocates nothing.
 * Every method but the callbacks is called with the loop lock held (or before the loop runs).
 */
public final class PwStream implements AutoCloseable {

    /** What the stream tells its owner; called on the loop thread. */
    public interface Listener {
        /** {@code pw_stream_events.state_changed}; {@code error} is "" unless the state is ERROR. */
        void stateChanged(int oldState, int state, String error);

        /** {@code param_changed}: {@code pod} is the param's address (0 when cleared). */
        void paramChanged(int id, long pod);

        /** {@code add_buffer}: a {@code struct pw_buffer *} that will be dequeued from now on. */
        void addBuffer(long pwBuffer);

        /** {@code remove_buffer}: that buffer is going away, whether or not it is dequeued now. */
        void removeBuffer(long pwBuffer);

        /** {@code process}: buffers are ready to dequeue (input) or to fill (output). */
        void process();

        /** A listener method threw; the stream is then unusable. */
        void callbackFailed(Throwable t);
    }

    public static final int STATE_ERROR = SpaIds.PW_STREAM_STATE_ERROR;
    public static final int STATE_UNCONNECTED = SpaIds.PW_STREAM_STATE_UNCONNECTED;
    public static final int STATE_CONNECTING = SpaIds.PW_STREAM_STATE_CONNECTING;
    public static final int STATE_PAUSED = SpaIds.PW_STREAM_STATE_PAUSED;
    public static final int STATE_STREAMING = SpaIds.PW_STREAM_STATE_STREAMING;
    public static final int PARAM_FORMAT = SpaIds.SPA_PARAM_Format;

    private static final MethodHandle ON_STATE, ON_PARAM, ON_ADD, ON_REMOVE, ON_PROCESS;
    /** void (*state_changed)(void *data, enum pw_stream_state old, enum pw_stream_state state, const char *error); */
    private static final FunctionDescriptor FD_STATE = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT, JAVA_INT,
            ADDRESS);
    /** void (*param_changed)(void *data, uint32_t id, const struct spa_pod *param); */
    private static final FunctionDescriptor FD_PARAM = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_INT, JAVA_LONG);
    /** void (*add_buffer)(void *data, struct pw_buffer *buffer);  and remove_buffer */
    private static final FunctionDescriptor FD_BUFFER = FunctionDescriptor.ofVoid(JAVA_LONG, JAVA_LONG);
    /** void (*process)(void *data); */
    private static final FunctionDescriptor FD_PROCESS = FunctionDescriptor.ofVoid(JAVA_LONG);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ON_STATE = l.findVirtual(PwStream.class, "onState",
                    MethodType.methodType(void.class, long.class, int.class, int.class, MemorySegment.class));
            ON_PARAM = l.findVirtual(PwStream.class, "onParam",
                    MethodType.methodType(void.class, long.class, int.class, long.class));
            ON_ADD = l.findVirtual(PwStream.class, "onAdd", MethodType.methodType(void.class, long.class, long.class));
            ON_REMOVE = l.findVirtual(PwStream.class, "onRemove",
                    MethodType.methodType(void.class, long.class, long.class));
            ON_PROCESS = l.findVirtual(PwStream.class, "onProcess", MethodType.methodType(void.class, long.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final Listener listener;
    private final MemorySegment stream;
    private boolean connected;
    private boolean closed;

    private PwStream(PwContext context, String name, String properties, Listener listener) {
        this.listener = listener;
        MemorySegment s;
        try {
            MemorySegment props = (MemorySegment) PipeWireLibrary.PROPERTIES_NEW_STRING.invokeExact(
                    arena.allocateFrom(properties));
            s = (MemorySegment) PipeWireLibrary.STREAM_NEW.invokeExact(context.core(), arena.allocateFrom(name), props);
        } catch (Throwable t) {
            arena.close();
            throw NativeRuntime.rethrow(t);
        }
        if (s.address() == 0) {
            arena.close();
            throw new CaptureException("pw_stream_new failed (out of memory, or the PipeWire connection is gone)");
        }
        this.stream = s;
        Linker linker = Linker.nativeLinker();
        MemorySegment events = arena.allocate(SpaLayouts.PW_STREAM_EVENTS);
        events.set(JAVA_INT, SpaLayouts.EVENTS_VERSION, SpaLayouts.PW_VERSION_STREAM_EVENTS);
        events.set(ADDRESS, SpaLayouts.EVENTS_STATE_CHANGED,
                linker.upcallStub(ON_STATE.bindTo(this), FD_STATE, arena));
        events.set(ADDRESS, SpaLayouts.EVENTS_PARAM_CHANGED,
                linker.upcallStub(ON_PARAM.bindTo(this), FD_PARAM, arena));
        events.set(ADDRESS, SpaLayouts.EVENTS_ADD_BUFFER, linker.upcallStub(ON_ADD.bindTo(this), FD_BUFFER, arena));
        events.set(ADDRESS, SpaLayouts.EVENTS_REMOVE_BUFFER,
                linker.upcallStub(ON_REMOVE.bindTo(this), FD_BUFFER, arena));
        events.set(ADDRESS, SpaLayouts.EVENTS_PROCESS, linker.upcallStub(ON_PROCESS.bindTo(this), FD_PROCESS, arena));
        MemorySegment hook = arena.allocate(SpaLayouts.SPA_HOOK_SIZE, 8);
        try {
            PipeWireLibrary.STREAM_ADD_LISTENER.invokeExact(stream, hook, events, MemorySegment.NULL);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * A new stream on a connected context. {@code properties} is PipeWire's property string,
     * e.g. {@code "media.type=Video media.category=Capture media.role=Screen"}.
     */
    public static PwStream create(PwContext context, String name, String properties, Listener listener) {
        return new PwStream(context, name, properties, listener);
    }

    /**
     * Connects: {@code input} (a consumer) or output (a producer), to node {@code targetId} (or
     * {@link #ANY_NODE}), with the given flags and initial params (pods written by {@link PodBuilder}).
     */
    public void connect(boolean input, int targetId, int flags, MemorySegment... params) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment array = temp.allocate(ADDRESS, Math.max(1, params.length));
            for (int i = 0; i < params.length; i++) {
                array.setAtIndex(ADDRESS, i, params[i]);
            }
            int rc = (int) PipeWireLibrary.STREAM_CONNECT.invokeExact(stream,
                    input ? SpaIds.PW_DIRECTION_INPUT : SpaIds.PW_DIRECTION_OUTPUT, targetId, flags, array,
                    params.length);
            PipeWireLibrary.check(rc, "pw_stream_connect(target=" + Integer.toUnsignedString(targetId) + ")");
            connected = true;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public static final int ANY_NODE = SpaIds.PW_ID_ANY;
    public static final int FLAG_AUTOCONNECT = SpaIds.PW_STREAM_FLAG_AUTOCONNECT;
    public static final int FLAG_MAP_BUFFERS = SpaIds.PW_STREAM_FLAG_MAP_BUFFERS;
    public static final int FLAG_DRIVER = SpaIds.PW_STREAM_FLAG_DRIVER;
    public static final int FLAG_ALLOC_BUFFERS = SpaIds.PW_STREAM_FLAG_ALLOC_BUFFERS;

    /** Replaces the stream's params (after a Format: Buffers and Meta; or a new EnumFormat to renegotiate). */
    public void updateParams(MemorySegment... params) {
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment array = temp.allocate(ADDRESS, Math.max(1, params.length));
            for (int i = 0; i < params.length; i++) {
                array.setAtIndex(ADDRESS, i, params[i]);
            }
            int rc = (int) PipeWireLibrary.STREAM_UPDATE_PARAMS.invokeExact(stream, array, params.length);
            PipeWireLibrary.check(rc, "pw_stream_update_params");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** The next ready {@code struct pw_buffer *}, or 0; allocation-free. */
    public long dequeue() {
        try {
            return (long) PipeWireLibrary.STREAM_DEQUEUE_BUFFER.invokeExact(stream);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Gives a buffer back to PipeWire (to be refilled); allocation-free. Returns PipeWire's result. */
    public int queue(long pwBuffer) {
        try {
            return (int) PipeWireLibrary.STREAM_QUEUE_BUFFER.invokeExact(stream, pwBuffer);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code pw_stream_trigger_process}: a driver stream runs a graph cycle (a producer's frame clock). */
    public int triggerProcess() {
        try {
            return (int) PipeWireLibrary.STREAM_TRIGGER_PROCESS.invokeExact(stream);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** The node id PipeWire gave the stream (for producers: what consumers connect to); {@code PW_ID_ANY} before. */
    public int nodeId() {
        try {
            return (int) PipeWireLibrary.STREAM_GET_NODE_ID.invokeExact(stream);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** {@code pw_stream_state_as_string}. */
    public static String stateName(int state) {
        try {
            return PipeWireLibrary.string((MemorySegment) PipeWireLibrary.STREAM_STATE_AS_STRING.invokeExact(state));
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    // ---- upcalls (loop thread) ------------------------------------------------------------------------------

    private void onState(long data, int old, int state, MemorySegment error) {
        try {
            listener.stateChanged(old, state, error.address() == 0 ? "" : error.reinterpret(4096).getString(0));
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void onParam(long data, int id, long pod) {
        try {
            listener.paramChanged(id, pod);
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void onAdd(long data, long buffer) {
        try {
            listener.addBuffer(buffer);
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void onRemove(long data, long buffer) {
        try {
            listener.removeBuffer(buffer);
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void onProcess(long data) {
        try {
            listener.process();
        } catch (Throwable t) {
            failed(t);
        }
    }

    private void failed(Throwable t) {
        try {
            listener.callbackFailed(t);
        } catch (Throwable ignored) {
            // nothing may escape an upcall
        }
    }

    /**
     * Disconnects and destroys the stream (PipeWire calls remove_buffer for each buffer first, on this thread),
     * then frees the stubs. Loop lock held. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (connected) {
                int rc = (int) PipeWireLibrary.STREAM_DISCONNECT.invokeExact(stream);
            }
            PipeWireLibrary.STREAM_DESTROY.invokeExact(stream);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        arena.close();
    }
}
