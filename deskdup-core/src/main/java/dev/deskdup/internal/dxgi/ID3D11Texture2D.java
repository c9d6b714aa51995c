package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

import java.lang.foreign.MemorySegment;

/** ID3D11Texture2D (d3d11.h): IUnknown 0-2, ID3D11DeviceChild 3-6, ID3D11Resource 7-9, ID3D11Texture2D 10. */
final class ID3D11Texture2D {

    private ID3D11Texture2D() {
    }

    static final MemorySegment IID = Com.guid("6f15aaf2-d208-4e89-9ab4-489535d34f9c");

    // D3D11_USAGE, D3D11_CPU_ACCESS_FLAG (d3d11.h); formats: DxgiPixelFormat
    static final int D3D11_USAGE_STAGING = 3;
    static final int D3D11_CPU_ACCESS_READ = 0x20000;

    static final VtableSlot GET_DESC = new VtableSlot("ID3D11Texture2D", "GetDesc", 10, Com.FD_V_PP);

    /** void GetDesc(D3D11_TEXTURE2D_DESC *pDesc); */
    static void getDesc(long self, long desc) {
        try {
            Com.V_PP.invokeExact(GET_DESC.fn(self), self, desc);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
