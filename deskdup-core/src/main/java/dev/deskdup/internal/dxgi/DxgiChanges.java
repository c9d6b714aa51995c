package dev.deskdup.internal.dxgi;

import java.util.Arrays;

import static dev.deskdup.internal.dxgi.DxgiLayouts.MOVE_DEST;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_BOTTOM;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_LEFT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_RIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_TOP;

/**
 * What changed in one image frame, in the delivered frame's coordinates: the destinations of its move rects and
 * its dirty rects, read into preallocated native buffers (grown on MORE_DATA only, a few times at most), turned
 * from texture space into output orientation ({@link DxgiRotation}), clipped to the captured area and made
 * relative to it, as {@code x, y, width, height} quadruples in {@link #areas}. Copying the destinations from the
 * new desktop image is enough: DXGI has already applied the moves to it, and what a move uncovered is dirty.
 */
final class DxgiChanges implements AutoCloseable {

    /** MORE_DATA answers taken for one call before giving up (DXGI should need one at most). */
    static final int MAX_MORE_DATA = 4;

    private static final int RECT_SIZE = (int) DxgiLayouts.RECT.byteSize();
    private static final int MOVE_SIZE = (int) DxgiLayouts.DXGI_OUTDUPL_MOVE_RECT.byteSize();

    private final NativeBuffer moves = new NativeBuffer(16 * MOVE_SIZE);
    private final NativeBuffer dirty = new NativeBuffer(64 * RECT_SIZE);
    private final int[] r = new int[4];

    int[] areas = new int[4 * 64];
    int count;
    /** The whole frame changed (first frame, resync, or an image without metadata). */
    boolean whole;

    private int rotation;
    private int textureWidth;
    private int textureHeight;
    private int regionX;
    private int regionY;
    private int frameWidth;
    private int frameHeight;

    /** The geometry rectangles are turned and clipped with: a {@code tw × th} texture, the captured output area. */
    void geometry(int rotation, int tw, int th, int regionX, int regionY, int frameWidth, int frameHeight) {
        this.rotation = rotation;
        this.textureWidth = tw;
        this.textureHeight = th;
        this.regionX = regionX;
        this.regionY = regionY;
        this.frameWidth = frameWidth;
        this.frameHeight = frameHeight;
    }

    void clear() {
        count = 0;
        whole = false;
    }

    /** Everything changed. */
    void setWhole() {
        count = 0;
        whole = true;
    }

    /** Reads the current frame's move and dirty rects. Returns the failing HRESULT, or S_OK. */
    int read(long duplication, DxgiScratch s) {
        count = 0;
        whole = false;
        int hr = HResult.DXGI_ERROR_MORE_DATA;
        for (int i = 0; i < MAX_MORE_DATA && hr == HResult.DXGI_ERROR_MORE_DATA; i++) {
            hr = IDXGIOutputDuplication.getFrameMoveRects(duplication, moves.size, moves.address, s.sizeRequired);
            if (hr == HResult.DXGI_ERROR_MORE_DATA) {
                moves.grow(Com.readInt(s.sizeRequired));
            }
        }
        if (HResult.failed(hr)) {
            return hr;
        }
        int n = Math.min(Com.readInt(s.sizeRequired), moves.size) / MOVE_SIZE;
        for (int i = 0; i < n; i++) {
            add(moves.address + (long) i * MOVE_SIZE + MOVE_DEST);
        }
        hr = HResult.DXGI_ERROR_MORE_DATA;
        for (int i = 0; i < MAX_MORE_DATA && hr == HResult.DXGI_ERROR_MORE_DATA; i++) {
            hr = IDXGIOutputDuplication.getFrameDirtyRects(duplication, dirty.size, dirty.address, s.sizeRequired);
            if (hr == HResult.DXGI_ERROR_MORE_DATA) {
                dirty.grow(Com.readInt(s.sizeRequired));
            }
        }
        if (HResult.failed(hr)) {
            return hr;
        }
        n = Math.min(Com.readInt(s.sizeRequired), dirty.size) / RECT_SIZE;
        for (int i = 0; i < n; i++) {
            add(dirty.address + (long) i * RECT_SIZE);
        }
        return HResult.S_OK;
    }

    private void add(long rect) {
        int tl = Math.max(0, Com.readInt(rect + RECT_LEFT));
        int tt = Math.max(0, Com.readInt(rect + RECT_TOP));
        int tr = Math.min(textureWidth, Com.readInt(rect + RECT_RIGHT));
        int tb = Math.min(textureHeight, Com.readInt(rect + RECT_BOTTOM));
        if (tr <= tl || tb <= tt) {
            return;
        }
        DxgiRotation.textureToOutput(rotation, tl, tt, tr, tb, textureWidth, textureHeight, r);
        int left = Math.max(r[0] - regionX, 0);
        int top = Math.max(r[1] - regionY, 0);
        int right = Math.min(r[0] + r[2] - regionX, frameWidth);
        int bottom = Math.min(r[1] + r[3] - regionY, frameHeight);
        if (right <= left || bottom <= top) {
            return;
        }
        if (4 * (count + 1) > areas.length) {
            areas = Arrays.copyOf(areas, areas.length * 2); // rare: grows, then stays
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
