package dev.deskdup.internal.pipewire;

import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.NativeLibrary;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code libpipewire-0.3.so.0} through FFM: the exported functions deskdup calls, resolved once. Everything else of
 * the PipeWire/SPA API that deskdup uses is header-only (pod builders, {@code spa_buffer_find_meta}) and written in
 * Java in this package.
 *
 * <p>Loading happens when this class initialises; a missing library makes every handle throw a
 * {@link CaptureException} saying what to install ({@link PipeWire#loadProblem()} asks first).
 */
final class PipeWireLibrary {

    private PipeWireLibrary() {
    }

    static final String LIBRARY = "libpipewire-0.3.so.0";
    static final String INSTALL = "apt-get install libpipewire-0.3-0 (Debian/Ubuntu), dnf install pipewire-libs "
            + "(Fedora)";

    private static final NativeLibrary LIB = NativeLibrary.optional(INSTALL, LIBRARY, "libpipewire-0.3.so");

    private static MethodHandle fn(String name, FunctionDescriptor fd) {
        return LIB.function(name, fd);
    }

    /** Why the library is unusable, with what to install; null when it loaded. */
    static String unavailableReason() {
        return LIB.unavailableReason();
    }

    /** void pw_init(int *argc, char **argv[]); */
    static final MethodHandle INIT = fn("pw_init", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    /** const char *pw_get_library_version(void); */
    static final MethodHandle GET_LIBRARY_VERSION = fn("pw_get_library_version", FunctionDescriptor.of(ADDRESS));

    /** struct pw_thread_loop *pw_thread_loop_new(const char *name, const struct spa_dict *props); */
    static final MethodHandle THREAD_LOOP_NEW = fn("pw_thread_loop_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    /** struct pw_loop *pw_thread_loop_get_loop(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_GET_LOOP = fn("pw_thread_loop_get_loop",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    /** int pw_thread_loop_start(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_START = fn("pw_thread_loop_start", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** void pw_thread_loop_stop(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_STOP = fn("pw_thread_loop_stop", FunctionDescriptor.ofVoid(ADDRESS));
    /** void pw_thread_loop_lock(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_LOCK = fn("pw_thread_loop_lock", FunctionDescriptor.ofVoid(ADDRESS));
    /** void pw_thread_loop_unlock(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_UNLOCK = fn("pw_thread_loop_unlock", FunctionDescriptor.ofVoid(ADDRESS));
    /** void pw_thread_loop_destroy(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_DESTROY = fn("pw_thread_loop_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    /** bool pw_thread_loop_in_thread(struct pw_thread_loop *loop); */
    static final MethodHandle THREAD_LOOP_IN_THREAD = fn("pw_thread_loop_in_thread",
            FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS));

    /** struct pw_properties *pw_properties_new_string(const char *args); */
    static final MethodHandle PROPERTIES_NEW_STRING = fn("pw_properties_new_string",
            FunctionDescriptor.of(ADDRESS, ADDRESS));

    /**
     * struct pw_context *pw_context_new(struct pw_loop *main_loop, struct pw_properties *props, size_t user_data_size);
     */
    static final MethodHandle CONTEXT_NEW = fn("pw_context_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    /** void pw_context_destroy(struct pw_context *context); */
    static final MethodHandle CONTEXT_DESTROY = fn("pw_context_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    /**
     * struct pw_core *pw_context_connect_fd(struct pw_context *context, int fd, struct pw_properties *properties,
     * size_t user_data_size);
     */
    static final MethodHandle CONTEXT_CONNECT_FD = fn("pw_context_connect_fd",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
    /**
     * struct pw_core *pw_context_connect(struct pw_context *context, struct pw_properties *properties,
     * size_t user_data_size);
     */
    static final MethodHandle CONTEXT_CONNECT = fn("pw_context_connect",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
    /** int pw_core_disconnect(struct pw_core *core); */
    static final MethodHandle CORE_DISCONNECT = fn("pw_core_disconnect", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** struct pw_stream *pw_stream_new(struct pw_core *core, const char *name, struct pw_properties *props); */
    static final MethodHandle STREAM_NEW = fn("pw_stream_new",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /**
     * void pw_stream_add_listener(struct pw_stream *stream, struct spa_hook *listener,
     * const struct pw_stream_events *events, void *data);
     */
    static final MethodHandle STREAM_ADD_LISTENER = fn("pw_stream_add_listener",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    /**
     * int pw_stream_connect(struct pw_stream *stream, enum pw_direction direction, uint32_t target_id,
     * enum pw_stream_flags flags, const struct spa_pod **params, uint32_t n_params);
     */
    static final MethodHandle STREAM_CONNECT = fn("pw_stream_connect",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    /** int pw_stream_update_params(struct pw_stream *stream, const struct spa_pod **params, uint32_t n_params); */
    static final MethodHandle STREAM_UPDATE_PARAMS = fn("pw_stream_update_params",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    /** struct pw_buffer *pw_stream_dequeue_buffer(struct pw_stream *stream);  (address as a long: no allocation) */
    static final MethodHandle STREAM_DEQUEUE_BUFFER = fn("pw_stream_dequeue_buffer",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    /** int pw_stream_queue_buffer(struct pw_stream *stream, struct pw_buffer *buffer);  (buffer as a long) */
    static final MethodHandle STREAM_QUEUE_BUFFER = fn("pw_stream_queue_buffer",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    /** int pw_stream_disconnect(struct pw_stream *stream); */
    static final MethodHandle STREAM_DISCONNECT = fn("pw_stream_disconnect", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** void pw_stream_destroy(struct pw_stream *stream); */
    static final MethodHandle STREAM_DESTROY = fn("pw_stream_destroy", FunctionDescriptor.ofVoid(ADDRESS));
    /** int pw_stream_trigger_process(struct pw_stream *stream); */
    static final MethodHandle STREAM_TRIGGER_PROCESS = fn("pw_stream_trigger_process",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    /** const char *pw_stream_state_as_string(enum pw_stream_state state); */
    static final MethodHandle STREAM_STATE_AS_STRING = fn("pw_stream_state_as_string",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    /** uint32_t pw_stream_get_node_id(struct pw_stream *stream); */
    static final MethodHandle STREAM_GET_NODE_ID = fn("pw_stream_get_node_id", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /** A C string returned by PipeWire (static or owned by it), or "" for NULL. */
    static String string(MemorySegment p) {
        return p.address() == 0 ? "" : p.reinterpret(4096).getString(0);
    }

    static void check(int rc, String call) {
        if (rc < 0) {
            throw new CaptureException(call + " failed: " + Errno.describe(-rc));
        }
    }

    static MemorySegment cString(Arena arena, String s) {
        return arena.allocateFrom(s);
    }
}
