package dev.deskdup.internal.os;

import dev.deskdup.CaptureException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * One shared library and the one way deskdup binds its functions. Loading never fails a class initialiser:
 *
 * <ul>
 * <li>{@link #required}: when it does not load, every function bound from it throws a {@link CaptureException}
 *     naming the library and what to install, at the first call (the capture then fails to open with that message).
 * <li>{@link #optional}: when it does not load, {@link #isLoaded()} is false and {@link #unavailableReason()} says
 *     why; the feature that needs it is turned off by its caller, and calling one of its functions anyway throws
 *     the same clear {@link CaptureException}.
 * </ul>
 *
 * A symbol missing from a library that did load (an older version) is handled the same way, per function.
 * Handles are resolved once, into {@code static final} fields of one small binding class per library, each with its
 * C signature in a comment above it.
 */
public final class NativeLibrary {

    private static final Linker LINKER = Linker.nativeLinker();

    private final String name;
    private final String install;
    private final SymbolLookup lookup;
    private final String unavailableReason;

    private NativeLibrary(String name, String install, SymbolLookup lookup, String unavailableReason) {
        this.name = name;
        this.install = install;
        this.lookup = lookup;
        this.unavailableReason = unavailableReason;
    }

    /**
     * A library deskdup cannot capture without, e.g. {@code libxcb.so.1}.
     *
     * @param install what to install when it is missing, naming the Debian and Fedora packages, e.g.
     *                {@code "apt-get install libxcb1 / dnf install libxcb"}
     * @param names   the file names to try, the versioned one first
     */
    public static NativeLibrary required(String install, String... names) {
        return open(install, names);
    }

    /** A library for an optional feature (damage, cursor, monitors); see {@link #required} for the arguments. */
    public static NativeLibrary optional(String install, String... names) {
        return open(install, names);
    }

    /** The C library, always present. */
    public static NativeLibrary libc() {
        NativeRuntime.requireSupported();
        return new NativeLibrary("libc", "the C library", LINKER.defaultLookup(), null);
    }

    private static NativeLibrary open(String install, String... names) {
        NativeRuntime.requireSupported();
        String reason = null;
        for (String file : names) {
            try {
                return new NativeLibrary(names[0], install, SymbolLookup.libraryLookup(file, Arena.global()), null);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                if (reason == null) {
                    reason = e.getMessage();
                }
            }
        }
        return new NativeLibrary(names[0], install, null, "library=" + names[0] + " cannot be loaded ("
                + reason + "); install it: " + install);
    }

    /** The library's file name, e.g. {@code libxcb-damage.so.0}. */
    public String name() {
        return name;
    }

    /** Whether the library loaded. */
    public boolean isLoaded() {
        return lookup != null;
    }

    /** Why the library is not loaded, in one line with what to install; null when it is. */
    public String unavailableReason() {
        return unavailableReason;
    }

    /**
     * A downcall handle for {@code symbol}. When the library or the symbol is missing, a handle of the same type
     * that throws a {@link CaptureException} saying so.
     */
    public MethodHandle function(String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment address = lookup == null ? null : lookup.find(symbol).orElse(null);
        if (address != null) {
            return LINKER.downcallHandle(address, descriptor, options);
        }
        CaptureException missing = new CaptureException(lookup == null ? unavailableReason
                : "native symbol not found: library=" + name + ", symbol=" + symbol + " (the installed library is "
                + "too old or not the expected one; install a current one: " + install + ")");
        // The type a bound handle would have: the unbound one's, without its leading address parameter.
        java.lang.invoke.MethodType type = LINKER.downcallHandle(descriptor, options).type().dropParameterTypes(0, 1);
        MethodHandle thrower = MethodHandles.throwException(type.returnType(), CaptureException.class)
                .bindTo(missing);
        return MethodHandles.dropArguments(thrower, 0, type.parameterList());
    }

    /** A data symbol (e.g. {@code xcb_shm_id}); {@link MemorySegment#NULL} when the library or symbol is missing. */
    public MemorySegment symbol(String symbol) {
        return lookup == null ? MemorySegment.NULL : lookup.find(symbol).orElse(MemorySegment.NULL);
    }

    @Override
    public String toString() {
        return "NativeLibrary[" + name + (isLoaded() ? "" : ", unavailable") + "]";
    }
}
