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
 * The mouse pointer as DXGI reports it with each acquired frame. {@code PointerPosition} is where the
 * <em>top-left of the shape</em> is drawn, relative to the output's top-left in desktop orientation (not the
 * hotspot), and valid only when {@code Visible}; it is read only when {@code LastMouseUpdateTime} is set, so an
 * invisible pointer keeps its last valid position. The shape is read only when {@code PointerShapeBufferSize > 0}
 * (it changed), while the frame is held. Filling thread only.
 */
final class DxgiPointer implements AutoCloseable {

    private final NativeBuffer buffer = new NativeBuffer(32 * 32 * 4);

    /** The shape's top-left in output coordinates (desktop orientation), as of the last visible update. */
    int x;
    int y;
    boolean visible;
    /** The current shape, or null before the first one. */
    DxgiCursorShape shape;
    private long serial;
    /** Whether the last {@link #update} saw the position, the visibility or the shape change. */
    boolean changed;

    /** Reads position and, if it changed, the shape, from the frame just acquired. Returns the HRESULT. */
    int update(long duplication, DxgiScratch s) {
        MemorySegment fi = s.frameInfo;
        changed = false;
        if (fi.get(JAVA_LONG, FI_LAST_MOUSE_UPDATE_TIME) != 0) {
            boolean nowVisible = fi.get(JAVA_INT, FI_POINTER_VISIBLE) != 0;
            if (nowVisible) {
                int nx = fi.get(JAVA_INT, FI_POINTER_X);
                int ny = fi.get(JAVA_INT, FI_POINTER_Y);
                changed = !visible || nx != x || ny != y;
                x = nx;
                y = ny;
            } else {
                changed = visible;
            }
            visible = nowVisible;
        }
        int size = fi.get(JAVA_INT, FI_POINTER_SHAPE_BUFFER_SIZE);
        return size <= 0 ? HResult.S_OK : readShape(duplication, s, size);
    }

    private int readShape(long duplication, DxgiScratch s, int size) {
        buffer.grow(size);
        int hr = HResult.DXGI_ERROR_MORE_DATA;
        for (int i = 0; i < DxgiChanges.MAX_MORE_DATA && hr == HResult.DXGI_ERROR_MORE_DATA; i++) {
            hr = IDXGIOutputDuplication.getFramePointerShape(duplication, buffer.size, buffer.address,
                    s.sizeRequired, s.shapeInfoAddress);
            if (hr == HResult.DXGI_ERROR_MORE_DATA) {
                buffer.grow(Com.readInt(s.sizeRequired));
            }
        }
        if (HResult.failed(hr)) {
            return hr;
        }
        MemorySegment si = s.shapeInfo;
        DxgiCursorShape next = DxgiCursorShape.convert(serial + 1, si.get(JAVA_INT, PS_TYPE),
                si.get(JAVA_INT, PS_WIDTH), si.get(JAVA_INT, PS_HEIGHT), si.get(JAVA_INT, PS_PITCH),
                si.get(JAVA_INT, PS_HOTSPOT_X), si.get(JAVA_INT, PS_HOTSPOT_Y), buffer.segment(),
                Integer.toUnsignedLong(Com.readInt(s.sizeRequired)));
        if (next != null) { // a shape that does not fit its description is skipped: the previous one stays
            serial = next.serial;
            shape = next;
            changed = true;
        }
        return hr;
    }

    @Override
    public void close() {
        buffer.close();
    }
}
