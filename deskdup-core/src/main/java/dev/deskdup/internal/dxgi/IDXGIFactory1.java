package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

import java.lang.foreign.MemorySegment;

/** IDXGIFactory1 (dxgi.h): IUnknown 0-2, IDXGIObject 3-6, IDXGIFactory 7-11, IDXGIFactory1 12-13. */
final class IDXGIFactory1 {

    private IDXGIFactory1() {
    }

    static final MemorySegment IID = Com.guid("770aae78-f26f-4dba-a829-253c83d1b387");

    static final VtableSlot ENUM_ADAPTERS1 = new VtableSlot("IDXGIFactory1", "EnumAdapters1", 12, Com.FD_I_PIP);
    static final VtableSlot IS_CURRENT = new VtableSlot("IDXGIFactory1", "IsCurrent", 13, Com.FD_I_P);

    /** HRESULT EnumAdapters1(UINT Adapter, IDXGIAdapter1 **ppAdapter); */
    static int enumAdapters1(long self, int adapter, long out) {
        try {
            return (int) Com.I_PIP.invokeExact(ENUM_ADAPTERS1.fn(self), self, adapter, out);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * BOOL IsCurrent(); FALSE once adapters or outputs changed (a monitor plugged, the topology changed): the
     * factory's enumeration is stale and a new factory must be made.
     */
    static boolean isCurrent(long self) {
        try {
            return (int) Com.I_P.invokeExact(IS_CURRENT.fn(self), self) != 0;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
