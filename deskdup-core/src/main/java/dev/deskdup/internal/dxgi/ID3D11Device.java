package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

/** ID3D11Device (d3d11.h): IUnknown 0-2, ID3D11Device 3-42. */
final class ID3D11Device {

    private ID3D11Device() {
    }

    static final VtableSlot CREATE_TEXTURE2D = new VtableSlot("ID3D11Device", "CreateTexture2D", 5, Com.FD_I_PPPP);
    static final VtableSlot GET_DEVICE_REMOVED_REASON = new VtableSlot("ID3D11Device", "GetDeviceRemovedReason", 39,
            Com.FD_I_P);

    /**
     * HRESULT CreateTexture2D(const D3D11_TEXTURE2D_DESC *pDesc, const D3D11_SUBRESOURCE_DATA *pInitialData,
     *                         ID3D11Texture2D **ppTexture2D);
     */
    static int createTexture2D(long self, long desc, long initialData, long out) {
        try {
            return (int) Com.I_PPPP.invokeExact(CREATE_TEXTURE2D.fn(self), self, desc, initialData, out);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** HRESULT GetDeviceRemovedReason(); */
    static int getDeviceRemovedReason(long self) {
        try {
            return (int) Com.I_P.invokeExact(GET_DEVICE_REMOVED_REASON.fn(self), self);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
