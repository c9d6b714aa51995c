package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

/** IDXGIAdapter1 (dxgi.h): IUnknown 0-2, IDXGIObject 3-6, IDXGIAdapter 7-9, IDXGIAdapter1 10. */
final class IDXGIAdapter1 {

    private IDXGIAdapter1() {
    }

    /** DXGI_ADAPTER_FLAG_SOFTWARE: the Basic Render Driver, which drives no output. */
    static final int DXGI_ADAPTER_FLAG_SOFTWARE = 2;

    static final VtableSlot ENUM_OUTPUTS = new VtableSlot("IDXGIAdapter1", "EnumOutputs", 7, Com.FD_I_PIP);
    static final VtableSlot GET_DESC1 = new VtableSlot("IDXGIAdapter1", "GetDesc1", 10, Com.FD_I_PP);

    /** HRESULT EnumOutputs(UINT Output, IDXGIOutput **ppOutput); */
    static int enumOutputs(long self, int output, long out) {
        try {
            return (int) Com.I_PIP.invokeExact(ENUM_OUTPUTS.fn(self), self, output, out);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** HRESULT GetDesc1(DXGI_ADAPTER_DESC1 *pDesc); */
    static int getDesc1(long self, long desc) {
        try {
            return (int) Com.I_PP.invokeExact(GET_DESC1.fn(self), self, desc);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
