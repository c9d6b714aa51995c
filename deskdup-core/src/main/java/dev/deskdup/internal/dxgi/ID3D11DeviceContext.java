package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.internal.dxgi.Com.VtableSlot;

/** ID3D11DeviceContext (d3d11.h): IUnknown 0-2, ID3D11DeviceChild 3-6, ID3D11DeviceContext 7-114. */
final class ID3D11DeviceContext {

    private ID3D11DeviceContext() {
    }

    /** D3D11_MAP_READ (d3d11.h). No D3D11_MAP_FLAG_DO_NOT_WAIT: Map waits for the copies just issued. */
    static final int D3D11_MAP_READ = 1;

    static final VtableSlot MAP = new VtableSlot("ID3D11DeviceContext", "Map", 14, Com.FD_I_PPIIIP);
    static final VtableSlot UNMAP = new VtableSlot("ID3D11DeviceContext", "Unmap", 15, Com.FD_V_PPI);
    static final VtableSlot COPY_SUBRESOURCE_REGION = new VtableSlot("ID3D11DeviceContext",
            "CopySubresourceRegion", 46, Com.FD_V_PPIIIIPIP);
    static final VtableSlot COPY_RESOURCE = new VtableSlot("ID3D11DeviceContext", "CopyResource", 47, Com.FD_V_PPP);

    /**
     * HRESULT Map(ID3D11Resource *pResource, UINT Subresource, D3D11_MAP MapType, UINT MapFlags,
     *             D3D11_MAPPED_SUBRESOURCE *pMappedResource);
     */
    static int map(long self, long resource, int subresource, int mapType, int mapFlags, long mapped) {
        try {
            return (int) Com.I_PPIIIP.invokeExact(MAP.fn(self), self, resource, subresource, mapType, mapFlags,
                    mapped);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** void Unmap(ID3D11Resource *pResource, UINT Subresource); */
    static void unmap(long self, long resource, int subresource) {
        try {
            Com.V_PPI.invokeExact(UNMAP.fn(self), self, resource, subresource);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * void CopySubresourceRegion(ID3D11Resource *pDstResource, UINT DstSubresource, UINT DstX, UINT DstY, UINT DstZ,
     *                            ID3D11Resource *pSrcResource, UINT SrcSubresource, const D3D11_BOX *pSrcBox);
     */
    static void copySubresourceRegion(long self, long dst, int dstSubresource, int dstX, int dstY, int dstZ,
                                      long src, int srcSubresource, long srcBox) {
        try {
            Com.V_PPIIIIPIP.invokeExact(COPY_SUBRESOURCE_REGION.fn(self), self, dst, dstSubresource, dstX, dstY, dstZ,
                    src, srcSubresource, srcBox);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** void CopyResource(ID3D11Resource *pDstResource, ID3D11Resource *pSrcResource); */
    static void copyResource(long self, long dst, long src) {
        try {
            Com.V_PPP.invokeExact(COPY_RESOURCE.fn(self), self, dst, src);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }
}
