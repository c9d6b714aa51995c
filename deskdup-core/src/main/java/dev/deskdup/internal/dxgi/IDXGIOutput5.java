package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.dxgi.Com.VtableSlot;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.MemorySegment;

/**
 * IDXGIOutput5 (dxgi1_5.h, Windows 10 1703+): IUnknown 0-2, IDXGIObject 3-6, IDXGIOutput 7-18, IDXGIOutput1 19-22,
 * IDXGIOutput2 23, IDXGIOutput3 24, IDXGIOutput4 25, IDXGIOutput5 26. {@code DuplicateOutput1} with the formats we
 * accept (BGRA only) makes DWM convert HDR and full-screen back buffers for us; it needs the calling thread to be
 * per-monitor-v2 DPI aware.
 */
final class IDXGIOutput5 {

    private IDXGIOutput5() {
    }

    static final MemorySegment IID = Com.guid("80a07424-ab52-42eb-833c-0c42fd282d98");

    static final VtableSlot DUPLICATE_OUTPUT1 = new VtableSlot("IDXGIOutput5", "DuplicateOutput1", 26,
            Com.FD_I_PPIIPP);

    /**
     * HRESULT DuplicateOutput1(IUnknown *pDevice, UINT Flags, UINT SupportedFormatsCount,
     *                          const DXGI_FORMAT *pSupportedFormats, IDXGIOutputDuplication **ppOutputDuplication);
     */
    static int duplicateOutput1(long self, long device, int flags, int formatCount, long formats, long out) {
        try {
            return (int) Com.I_PPIIPP.invokeExact(DUPLICATE_OUTPUT1.fn(self), self, device, flags, formatCount,
                    formats, out);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
