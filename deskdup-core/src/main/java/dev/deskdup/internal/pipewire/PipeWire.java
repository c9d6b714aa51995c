package dev.deskdup.internal.pipewire;

import dev.deskdup.internal.os.NativeRuntime;
import java.lang.foreign.MemorySegment;

/**
 * Process-wide PipeWire: whether the library loads, its version, and {@code pw_init} (once per process; PipeWire
 * keeps its support plugins loaded until exit, so there is no matching {@code pw_deinit}).
 */
public final class PipeWire {

    private PipeWire() {
    }

    private static volatile boolean initialised;
    private static volatile String problem;

    /**
     * Null when libpipewire-0.3 loads and has every function deskdup calls; else why not, with what to install.
     */
    public static String loadProblem() {
        if (initialised) {
            return null;
        }
        String p = problem;
        if (p != null) {
            return p;
        }
        try {
            String missing = PipeWireLibrary.unavailableReason();
            if (missing != null) {
                problem = missing;
                return missing;
            }
            init();
            return null;
        } catch (Throwable t) {
            Throwable cause = t instanceof ExceptionInInitializerError e && e.getCause() != null ? e.getCause() : t;
            problem = "library=" + PipeWireLibrary.LIBRARY + " unusable: " + cause.getMessage();
            return problem;
        } 
    }

    /** Loads the library and runs {@code pw_init} once. */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        try {
            PipeWireLibrary.INIT.invokeExact(MemorySegment.NULL, MemorySegment.NULL);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        initialised = true;
    }

    /** The library's version, e.g. {@code "0.3.65"} ({@code pw_get_library_version}). */
    public static String libraryVersion() {
        init();
        try {
            return PipeWireLibrary.string((MemorySegment) PipeWireLibrary.GET_LIBRARY_VERSION.invokeExact());
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
