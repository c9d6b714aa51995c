package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

/** IUnknown (unknwnbase.h): the first three slots of every COM interface. */
final class IUnknown {

    private IUnknown() {
    }

    static final VtableSlot QUERY_INTERFACE = new VtableSlot("IUnknown", "QueryInterface", 0, Com.FD_I_PPP);
    static final VtableSlot ADD_REF = new VtableSlot("IUnknown", "AddRef", 1, Com.FD_I_P);
    static final VtableSlot RELEASE = new VtableSlot("IUnknown", "Release", 2, Com.FD_I_P);

    /** HRESULT QueryInterface(REFIID riid, void **ppvObject); */
    static int queryInterface(long self, long riid, long out) {
        try {
            return (int) Com.I_PPP.invokeExact(QUERY_INTERFACE.fn(self), self, riid, out);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** ULONG AddRef(); */
    static int addRef(long self) {
        try {
            return (int) Com.I_P.invokeExact(ADD_REF.fn(self), self);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** ULONG Release(); */
    static int release(long self) {
        try {
            return (int) Com.I_P.invokeExact(RELEASE.fn(self), self);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Releases {@code self} unless null; returns 0 so callers can write {@code p = IUnknown.releaseQuietly(p)}. */
    static long releaseIfSet(long self) {
        if (self != 0) {
            release(self);
        }
        return 0;
    }
}
