package dev.deskdup.internal.dxgi;

import java.lang.foreign.MemorySegment;

/**
 * IDXGIResource (dxgi.h): what AcquireNextFrame hands out. We only QueryInterface it for the
 * {@link ID3D11Texture2D} behind it and release it ({@link IUnknown} slots); its own slots (7-11) are not called.
 */
final class IDXGIResource {

    private IDXGIResource() {
    }

    static final MemorySegment IID = Com.guid("035f3ab4-482e-4e50-b41f-8a7f8bd8960b");
}
