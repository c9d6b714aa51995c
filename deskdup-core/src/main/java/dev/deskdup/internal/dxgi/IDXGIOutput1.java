package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

import java.lang.foreign.MemorySegment;

/**
 * IDXGIOutput (dxgi.h) and IDXGIOutput1 (dxgi1_2.h): IUnknown 0-2, IDXGIObject 3-6, IDXGIOutput 7-18,
 * IDXGIOutput1 19-22. EnumOutputs hands out an IDXGIOutput; QueryInterface for {@link #IID} gives the IDXGIOutput1.
 */
final class IDXGIOutput1 {

    private IDXGIOutput1() {
    }

    static final MemorySegment IID = Com.guid("00cddea8-939b-4b83-a340-a685226666cc");

    static final VtableSlot GET_DESC = new VtableSlot("IDXGIOutput", "GetDesc", 7, Com.FD_I_PP);
    static final VtableSlot DUPLICATE_OUTPUT = new VtableSlot("IDXGIOutput1", "DuplicateOutput", 22, Com.FD_I_PPP);

    /** HRESULT GetDesc(DXGI_OUTPUT_DESC *pDesc); */
    static int getDesc(long self, long desc) {
        try {
            return (int) Com.I_PP.invokeExact(GET_DESC.fn(self), self, desc);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** HRESULT DuplicateOutput(IUnknown *pDevice, IDXGIOutputDuplication **ppOutputDuplication); */
    static int duplicateOutput(long self, long device, long out) {
        try {
            return (int) Com.I_PPP.invokeExact(DUPLICATE_OUTPUT.fn(self), self, device, out);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
