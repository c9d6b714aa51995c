package dev.deskdup.os;

import dev.deskdup.CaptureException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Loading a shared library and resolving its symbols, with errors that say what to install.
 */
public final class NativeLibraries {

    private NativeLibraries() {
    }

    /**
     * Opens the first of {@code names} that loads (e.g. {@code libxcb.so.1}, then {@code libxcb.so}).
     *
     * @param installHint what to install when none loads, e.g. {@code "apt-get install libxcb1"}
     */
    public static SymbolLookup load(String installHint, String... names) {
        NativeAccessCheck.requireEnabled();
        IllegalArgumentException last = null;
        for (String name : names) {
            try {
                return SymbolLookup.libraryLookup(name, Arena.global());
            } catch (IllegalArgumentException e) {
                last = e;
            }
        }
        throw new CaptureException("native library not found: library=" + names[0] + " (install it: "
                + installHint + ")", last);
    }

    /** Resolves a function, failing with the library and symbol named. */
    public static MethodHandle function(SymbolLookup lookup, String library, String symbol, FunctionDescriptor fd,
                                        Linker.Option... options) {
        MemorySegment address = lookup.find(symbol).orElseThrow(() -> new CaptureException(
                "native symbol not found: library=" + library + ", symbol=" + symbol
                        + " (the installed library is too old or not the expected one)"));
        return Linker.nativeLinker().downcallHandle(address, fd, options);
    }

    /** Resolves a data symbol (e.g. {@code xcb_shm_id}), failing with the library and symbol named. */
    public static MemorySegment symbol(SymbolLookup lookup, String library, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new CaptureException(
                "native symbol not found: library=" + library + ", symbol=" + symbol));
    }
}
