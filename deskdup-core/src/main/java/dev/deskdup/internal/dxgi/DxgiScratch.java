package dev.deskdup.internal.dxgi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The native memory one source passes to COM calls: out-pointers and structures, allocated once at open and
 * reused by every call. Addresses are kept as {@code long} for the calls; segments for reading fields.
 */
final class DxgiScratch implements AutoCloseable {

    private final Arena arena = Arena.ofShared();

    final long out;
    final long out2;
    final long featureLevel;
    final long sizeRequired;
    final MemorySegment frameInfo = alloc(DxgiLayouts.DXGI_OUTDUPL_FRAME_INFO.byteSize());
    final long frameInfoAddress = frameInfo.address();
    final MemorySegment duplDesc = alloc(DxgiLayouts.DXGI_OUTDUPL_DESC.byteSize());
    final long duplDescAddress = duplDesc.address();
    final MemorySegment textureDesc = alloc(DxgiLayouts.D3D11_TEXTURE2D_DESC.byteSize());
    final long textureDescAddress = textureDesc.address();
    final MemorySegment mapped = alloc(DxgiLayouts.D3D11_MAPPED_SUBRESOURCE.byteSize());
    final long mappedAddress = mapped.address();
    final MemorySegment box = alloc(DxgiLayouts.D3D11_BOX.byteSize());
    final long boxAddress = box.address();
    final MemorySegment outputDesc = alloc(DxgiLayouts.DXGI_OUTPUT_DESC.byteSize());
    final long outputDescAddress = outputDesc.address();
    final MemorySegment adapterDesc = alloc(DxgiLayouts.DXGI_ADAPTER_DESC1.byteSize());
    final long adapterDescAddress = adapterDesc.address();
    final MemorySegment shapeInfo = alloc(DxgiLayouts.DXGI_OUTDUPL_POINTER_SHAPE_INFO.byteSize());
    final long shapeInfoAddress = shapeInfo.address();
    /** The formats DuplicateOutput1 is told we accept: B8G8R8A8_UNORM only (DWM converts everything else). */
    final long acceptedFormats;
    static final int ACCEPTED_FORMAT_COUNT = 1;

    DxgiScratch() {
        out = alloc(8).address();
        out2 = alloc(8).address();
        featureLevel = alloc(8).address();
        sizeRequired = alloc(8).address();
        MemorySegment formats = alloc(4L * ACCEPTED_FORMAT_COUNT);
        formats.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        acceptedFormats = formats.address();
    }

    private MemorySegment alloc(long size) {
        return arena.allocate(size, 16);
    }

    @Override
    public void close() {
        arena.close();
    }
}
