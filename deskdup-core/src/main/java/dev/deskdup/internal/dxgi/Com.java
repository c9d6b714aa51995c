package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Calling COM methods through the vtable: {@code fn = (*(*this))[slot]; fn(this, ...)}.
 *
 * <p>One address-taking downcall handle per C signature, created once; the function address is the first argument.
 * COM pointers and pointers to our preallocated buffers travel as {@code long} ({@link #P}): on x64 a pointer and a
 * 64-bit integer are passed identically, and primitives keep the frame path free of allocation.
 */
public final class Com {

    private Com() {
    }

    static final Linker LINKER = Linker.nativeLinker();
    /** A pointer argument (COM interface pointer or buffer address), as a 64-bit value. */
    static final java.lang.foreign.ValueLayout.OfLong P = JAVA_LONG;
    static final java.lang.foreign.ValueLayout.OfInt U = JAVA_INT;

    static {
        NativeRuntime.requireSupported();
    }

    // Signatures: return, then this, then the arguments. I = HRESULT/ULONG/UINT (int), V = void, P = pointer.
    static final FunctionDescriptor FD_I_P = FunctionDescriptor.of(U, P);
    static final FunctionDescriptor FD_I_PP = FunctionDescriptor.of(U, P, P);
    static final FunctionDescriptor FD_V_PP = FunctionDescriptor.ofVoid(P, P);
    static final FunctionDescriptor FD_I_PPP = FunctionDescriptor.of(U, P, P, P);
    static final FunctionDescriptor FD_V_PPP = FunctionDescriptor.ofVoid(P, P, P);
    static final FunctionDescriptor FD_I_PIP = FunctionDescriptor.of(U, P, U, P);
    static final FunctionDescriptor FD_I_PIPP = FunctionDescriptor.of(U, P, U, P, P);
    static final FunctionDescriptor FD_I_PIPPP = FunctionDescriptor.of(U, P, U, P, P, P);
    static final FunctionDescriptor FD_I_PPPP = FunctionDescriptor.of(U, P, P, P, P);
    static final FunctionDescriptor FD_I_PPIIIP = FunctionDescriptor.of(U, P, P, U, U, U, P);
    static final FunctionDescriptor FD_V_PPI = FunctionDescriptor.ofVoid(P, P, U);
    static final FunctionDescriptor FD_V_PPIIIIPIP = FunctionDescriptor.ofVoid(P, P, U, U, U, U, P, U, P);
    static final FunctionDescriptor FD_I_PPIIPP = FunctionDescriptor.of(U, P, P, U, U, P, P);

    static final MethodHandle I_P = LINKER.downcallHandle(FD_I_P);
    static final MethodHandle I_PP = LINKER.downcallHandle(FD_I_PP);
    static final MethodHandle V_PP = LINKER.downcallHandle(FD_V_PP);
    static final MethodHandle I_PPP = LINKER.downcallHandle(FD_I_PPP);
    static final MethodHandle V_PPP = LINKER.downcallHandle(FD_V_PPP);
    static final MethodHandle I_PIP = LINKER.downcallHandle(FD_I_PIP);
    static final MethodHandle I_PIPP = LINKER.downcallHandle(FD_I_PIPP);
    static final MethodHandle I_PIPPP = LINKER.downcallHandle(FD_I_PIPPP);
    static final MethodHandle I_PPPP = LINKER.downcallHandle(FD_I_PPPP);
    static final MethodHandle I_PPIIIP = LINKER.downcallHandle(FD_I_PPIIIP);
    static final MethodHandle V_PPI = LINKER.downcallHandle(FD_V_PPI);
    static final MethodHandle V_PPIIIIPIP = LINKER.downcallHandle(FD_V_PPIIIIPIP);
    static final MethodHandle I_PPIIPP = LINKER.downcallHandle(FD_I_PPIIPP);

    /** Reads the pointer stored at {@code address} (an out-parameter, a vtable entry). */
    static long readPointer(long address) {
        return NativeMemory.ALL.get(JAVA_LONG, address);
    }

    static int readInt(long address) {
        return NativeMemory.ALL.get(JAVA_INT, address);
    }

    /** A GUID from its registry form {@code 770aae78-f26f-4dba-a829-253c83d1b387}, in static native memory. */
    static MemorySegment guid(String text) {
        String hex = text.replace("-", "");
        if (hex.length() != 32) {
            throw new IllegalArgumentException("guid=" + text + " is not 8-4-4-4-12 hex digits");
        }
        MemorySegment g = Arena.global().allocate(DxgiLayouts.GUID_SIZE, 8);
        g.set(JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN), 0, (int) Long.parseLong(hex.substring(0, 8), 16));
        g.set(JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN), 4, (short) Integer.parseInt(hex.substring(8, 12), 16));
        g.set(JAVA_SHORT.withOrder(ByteOrder.LITTLE_ENDIAN), 6, (short) Integer.parseInt(hex.substring(12, 16), 16));
        for (int i = 0; i < 8; i++) {
            g.set(JAVA_BYTE, 8 + i, (byte) Integer.parseInt(hex.substring(16 + 2 * i, 18 + 2 * i), 16));
        }
        return g.asReadOnly();
    }

    /** Whether the 16 bytes at {@code address} equal {@code guid}. Allocation-free. */
    static boolean guidEquals(long address, MemorySegment guid) {
        return NativeMemory.ALL.get(JAVA_LONG, address) == guid.get(JAVA_LONG, 0)
                && NativeMemory.ALL.get(JAVA_LONG, address + 8) == guid.get(JAVA_LONG, 8);
    }

    /**
     * A method's place in a vtable (slot index counted from QueryInterface = 0, as the SDK header declares it), and
     * a small cache of segments for the function addresses seen there, so a call makes no segment in steady state.
     * Keyed by the function address itself (read every call), so a reused vtable address can never go stale.
     */
    static final class VtableSlot {
        final String iface;
        final String method;
        final int index;
        /** The C signature the method is called with ({@code this} first), checked against the SDK by the ABI test. */
        final FunctionDescriptor descriptor;
        private final Entry[] cache = new Entry[4];
        private int next;

        private record Entry(long address, MemorySegment fn) {
        }

        VtableSlot(String iface, String method, int index, FunctionDescriptor descriptor) {
            this.iface = iface;
            this.method = method;
            this.index = index;
            this.descriptor = descriptor;
        }

        /** The function pointer of this method for the object {@code self}: {@code (*(*self))[index]}. */
        MemorySegment fn(long self) {
            if (self == 0) {
                throw new NullPointerException(iface + "::" + method + " called on a null interface pointer");
            }
            long address = readPointer(readPointer(self) + 8L * index);
            Entry[] c = cache;
            for (Entry e : c) {
                if (e != null && e.address == address) {
                    return e.fn;
                }
            }
            Entry e = new Entry(address, MemorySegment.ofAddress(address));
            c[next++ & (c.length - 1)] = e; // racy but safe: entries are immutable, a lost write only costs a miss
            return e.fn;
        }

        @Override
        public String toString() {
            return iface + "::" + method + "@" + index;
        }
    }
}
