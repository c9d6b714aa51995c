package dev.deskdup.internal.dxgi;

import static dev.deskdup.internal.dxgi.DxgiLayouts.MOVE_DEST;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_BOTTOM;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_LEFT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_RIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_TOP;

/**
 * A frame's changed areas: the destinations of its move rects and its dirty rects, read into preallocated native
 * buffers (grown on MORE_DATA only), clipped to the captured region and translated into its coordinates, as
 * {@code x, y, width, height} quadruples in {@link #areas}. Copying the destinations from the new desktop image is
 * enough: DXGI has already applied the moves to it.
 */
final class DxgiMetadata implements AutoCloseable {

    private static final int RECT_SIZE = (int) DxgiLayouts.RECT.byteSize();
    private static final int MOVE_SIZE = (int) DxgiLayouts.DXGI_OUTDUPL_MOVE_RECT.byteSize();

    private final NativeBuffer moves = new NativeBuffer(16 * MOVE_SIZE);
    private final NativeBuffer dirty = new NativeBuffer(64 * RECT_SIZE);

    int[] areas = new int[4 * 64];
    int count;
    private int regionX;
    private int regionY;
    private int regionWidth;
    private int regionHeight;

    /** The part of the desktop captured; areas outside it are dropped, the rest made relative to it. */
    void region(int x, int y, int width, int height) {
        regionX = x;
        regionY = y;
        regionWidth = width;
        regionHeight = height;
    }

    /** Reads the current frame's move and dirty rects. Returns the failing HRESULT, or S_OK. */
    int read(long duplication, DxgiScratch s) {
        count = 0;
        int hr;
        while ((hr = IDXGIOutputDuplication.getFrameMoveRects(duplication, moves.size, moves.address,
                s.sizeRequired)) == HResult.DXGI_ERROR_MORE_DATA) {
            moves.grow(Com.readInt(s.sizeRequired));
        }
        if (HResult.failed(hr)) {
            return hr;
        }
        int n = Com.readInt(s.sizeRequired) / MOVE_SIZE;
        for (int i = 0; i < n; i++) {
            addRect(moves.address + (long) i * MOVE_SIZE + MOVE_DEST);
        }
        while ((hr = IDXGIOutputDuplication.getFrameDirtyRects(duplication, dirty.size, dirty.address,
                s.sizeRequired)) == HResult.DXGI_ERROR_MORE_DATA) {
            dirty.grow(Com.readInt(s.sizeRequired));
        }
        if (HResult.failed(hr)) {
            return hr;
        }
        n = Com.readInt(s.sizeRequired) / RECT_SIZE;
        for (int i = 0; i < n; i++) {
            addRect(dirty.address + (long) i * RECT_SIZE);
        }
        return HResult.S_OK;
    }

    private void addRect(long rect) {
        int left = Math.max(Com.readInt(rect + RECT_LEFT) - regionX, 0);
        int top = Math.max(Com.readInt(rect + RECT_TOP) - regionY, 0);
        int right = Math.min(Com.readInt(rect + RECT_RIGHT) - regionX, regionWidth);
        int bottom = Math.min(Com.readInt(rect + RECT_BOTTOM) - regionY, regionHeight);
        if (right <= left || bottom <= top) {
            return;
        }
        if (4 * (count + 1) > areas.length) {
            areas = java.util.Arrays.copyOf(areas, areas.length * 2); // rare: grows, then stays
        }
        int o = 4 * count++;
        areas[o] = left;
        areas[o + 1] = top;
        areas[o + 2] = right - left;
        areas[o + 3] = bottom - top;
    }

    @Override
    public void close() {
        moves.close();
        dirty.close();
    }
}
