package dev.deskdup.internal.dxgi;

import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_LAST_MOUSE_UPDATE_TIME;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_POINTER_SHAPE_BUFFER_SIZE;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_POINTER_VISIBLE;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_POINTER_X;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_POINTER_Y;
import static dev.deskdup.internal.dxgi.DxgiLayouts.PS_HEIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.PS_HOTSPOT_X;
import static dev.deskdup.internal.dxgi.DxgiLayouts.PS_HOTSPOT_Y;
import static dev.deskdup.internal.dxgi.DxgiLayouts.PS_PITCH;
import static dev.deskdup.internal.dxgi.DxgiLayouts.PS_TYPE;
import static dev.deskdup.internal.dxgi.DxgiLayouts.PS_WIDTH;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The mouse pointer as DXGI reports it with each frame: position (when it moved) and shape (only when it changed,
 * i.e. PointerShapeBufferSize &gt; 0). Written on the filling thread, read from any.
 */
final class DxgiPointer implements AutoCloseable {

    private final NativeBuffer shape = new NativeBuffer(32 * 32 * 4);

    volatile int x;
    volatile int y;
    volatile boolean visible;
    volatile int shapeType;
    volatile int shapeWidth;
    volatile int shapeHeight;
    volatile int shapePitch;
    volatile int hotSpotX;
    volatile int hotSpotY;
    volatile int shapeBytes;
    /** Counts shape changes, so a reader can tell a new shape from the old one. */
    volatile long shapeVersion;

    /** Reads position and, if it changed, the shape, from the frame just acquired. Returns the HRESULT. */
    int update(long duplication, DxgiScratch s) {
        MemorySegment fi = s.frameInfo;
        if (fi.get(JAVA_LONG, FI_LAST_MOUSE_UPDATE_TIME) != 0) {
            x = fi.get(JAVA_INT, FI_POINTER_X);
            y = fi.get(JAVA_INT, FI_POINTER_Y);
            visible = fi.get(JAVA_INT, FI_POINTER_VISIBLE) != 0;
        }
        int size = fi.get(JAVA_INT, FI_POINTER_SHAPE_BUFFER_SIZE);
        if (size <= 0) {
            return HResult.S_OK;
        }
        return readShape(duplication, s, size);
    }

    /** Locked against {@link #shapeCopy()} from another thread (the buffer may be re-made); only on shape changes. */
    private synchronized int readShape(long duplication, DxgiScratch s, int size) {
        shape.grow(size);
        int hr;
        while ((hr = IDXGIOutputDuplication.getFramePointerShape(duplication, shape.size, shape.address,
                s.sizeRequired, s.shapeInfoAddress)) == HResult.DXGI_ERROR_MORE_DATA) {
            shape.grow(Com.readInt(s.sizeRequired));
        }
        if (HResult.failed(hr)) {
            return hr;
        }
        MemorySegment si = s.shapeInfo;
        shapeBytes = Com.readInt(s.sizeRequired);
        shapeType = si.get(JAVA_INT, PS_TYPE);
        shapeWidth = si.get(JAVA_INT, PS_WIDTH);
        shapeHeight = si.get(JAVA_INT, PS_HEIGHT);
        shapePitch = si.get(JAVA_INT, PS_PITCH);
        hotSpotX = si.get(JAVA_INT, PS_HOTSPOT_X);
        hotSpotY = si.get(JAVA_INT, PS_HOTSPOT_Y);
        shapeVersion++;
        return hr;
    }

    /** A copy of the current shape's bytes (allocates: for occasional use, not per frame). */
    synchronized byte[] shapeCopy() {
        int n = shapeBytes;
        return shape.segment().asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    @Override
    public synchronized void close() {
        shape.close();
    }
}
