package dev.deskdup.internal.dxgi;

import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.BOX_BACK;
import static dev.deskdup.internal.dxgi.DxgiLayouts.BOX_BOTTOM;
import static dev.deskdup.internal.dxgi.DxgiLayouts.BOX_FRONT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.BOX_LEFT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.BOX_RIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.BOX_TOP;
import static dev.deskdup.internal.dxgi.DxgiLayouts.MS_DATA;
import static dev.deskdup.internal.dxgi.DxgiLayouts.MS_ROW_PITCH;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_ARRAY_SIZE;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_BIND_FLAGS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_CPU_ACCESS_FLAGS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_FORMAT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_HEIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_MIP_LEVELS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_MISC_FLAGS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_SAMPLE_COUNT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_SAMPLE_QUALITY;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_USAGE;
import static dev.deskdup.internal.dxgi.DxgiLayouts.TD_WIDTH;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The one CPU-readable staging texture of a capture, kept <em>current</em>: after every image frame it holds the
 * captured area of the desktop as that frame shows it (the GPU copies only the frame's changed boxes into it).
 * It is mapped only inside a fill, for the copy into the slot, and unmapped before the fill returns: D3D11 forbids
 * a mapped resource as a copy destination, and the pointer Map returns is invalid after Unmap, so nothing outside
 * this class ever sees it.
 *
 * <p>It covers the captured area in texture space (the <em>staging box</em>, see {@link DxgiRotation}), in the
 * acquired texture's own format (CopySubresourceRegion needs compatible formats; a mismatched copy is silently
 * dropped). Context calls happen on the filling thread only.
 */
final class DxgiStaging implements AutoCloseable {

    private final DxgiScratch s;

    private long texture;
    private int generation;
    private int boxX;
    private int boxY;
    private int width;
    private int height;
    private int format;
    /** Whether the texture holds the desktop as of the last image frame (false: the next one copies everything). */
    private boolean current;
    private boolean mapped;

    // The mapping, kept as a segment re-made only when Map answers another address or pitch (steady state: never).
    private MemorySegment view = MemorySegment.NULL;
    private long viewAddress;
    private int viewPitch;
    private int viewWidth;
    private int viewHeight;

    DxgiStaging(DxgiScratch s) {
        this.s = s;
    }

    /** Whether the texture is the box {@code (x, y, w, h)} in {@code format}, made on the current device. */
    boolean fits(DxgiDevice d, int x, int y, int w, int h, int format) {
        return texture != 0 && generation == d.generation && boxX == x && boxY == y && width == w && height == h
                && this.format == format;
    }

    /**
     * Makes the staging texture for the box {@code (x, y, w, h)} of the desktop texture, in {@code format}.
     *
     * @return the HRESULT of CreateTexture2D (on failure there is no staging texture)
     */
    int create(DxgiDevice d, int x, int y, int w, int h, int format) {
        release();
        var desc = s.textureDesc;
        desc.fill((byte) 0);
        desc.set(JAVA_INT, TD_WIDTH, w);
        desc.set(JAVA_INT, TD_HEIGHT, h);
        desc.set(JAVA_INT, TD_MIP_LEVELS, 1);
        desc.set(JAVA_INT, TD_ARRAY_SIZE, 1);
        desc.set(JAVA_INT, TD_FORMAT, format);
        desc.set(JAVA_INT, TD_SAMPLE_COUNT, 1);
        desc.set(JAVA_INT, TD_SAMPLE_QUALITY, 0);
        desc.set(JAVA_INT, TD_USAGE, ID3D11Texture2D.D3D11_USAGE_STAGING);
        desc.set(JAVA_INT, TD_BIND_FLAGS, 0);
        desc.set(JAVA_INT, TD_CPU_ACCESS_FLAGS, ID3D11Texture2D.D3D11_CPU_ACCESS_READ);
        desc.set(JAVA_INT, TD_MISC_FLAGS, 0);
        int hr = ID3D11Device.createTexture2D(d.device, s.textureDescAddress, 0, s.out);
        if (HResult.failed(hr)) {
            return hr;
        }
        texture = Com.readPointer(s.out);
        generation = d.generation;
        boxX = x;
        boxY = y;
        width = w;
        height = h;
        this.format = format;
        return hr;
    }

    boolean current() {
        return current && texture != 0;
    }

    /** The next image frame copies the whole box (after a loss, a failed copy or a resize). */
    void invalidate() {
        current = false;
    }

    /** The copies of an image frame were issued: the texture shows that frame. */
    void markCurrent() {
        current = true;
    }

    int format() {
        return format;
    }

    /** Copies the whole box of {@code desktop} (a {@code tw × th} texture) in. */
    void copyAll(DxgiDevice d, long desktop, int tw, int th) {
        if (boxX == 0 && boxY == 0 && width == tw && height == th) {
            ID3D11DeviceContext.copyResource(d.context, texture, desktop);
        } else {
            copy(d, desktop, 0, 0, width, height);
        }
    }

    /** Copies the rectangle {@code (x, y, w, h)} of the staging box from {@code desktop} to the same place. */
    void copy(DxgiDevice d, long desktop, int x, int y, int w, int h) {
        var box = s.box;
        box.set(JAVA_INT, BOX_LEFT, boxX + x);
        box.set(JAVA_INT, BOX_TOP, boxY + y);
        box.set(JAVA_INT, BOX_FRONT, 0);
        box.set(JAVA_INT, BOX_RIGHT, boxX + x + w);
        box.set(JAVA_INT, BOX_BOTTOM, boxY + y + h);
        box.set(JAVA_INT, BOX_BACK, 1);
        ID3D11DeviceContext.copySubresourceRegion(d.context, texture, 0, x, y, 0, desktop, 0, s.boxAddress);
    }

    /**
     * Maps the texture for reading (waiting for the copies issued into it). {@link #view()} and {@link #pitch()}
     * are valid until {@link #unmap}.
     *
     * @return the HRESULT of Map
     */
    int map(DxgiDevice d) {
        int hr = ID3D11DeviceContext.map(d.context, texture, 0, ID3D11DeviceContext.D3D11_MAP_READ, 0,
                s.mappedAddress);
        if (HResult.failed(hr)) {
            return hr;
        }
        mapped = true;
        long data = s.mapped.get(JAVA_LONG, MS_DATA);
        int pitch = s.mapped.get(JAVA_INT, MS_ROW_PITCH);
        if (data != viewAddress || pitch != viewPitch || viewWidth != width || viewHeight != height) {
            if (data == 0 || pitch < 4L * width) {
                unmap(d);
                return HResult.E_POINTER; // a driver answering nonsense: treated as an unexpected failure
            }
            view = MemorySegment.ofAddress(data).reinterpret((long) pitch * (height - 1) + 4L * width);
            viewAddress = data;
            viewPitch = pitch;
            viewWidth = width;
            viewHeight = height;
        }
        return hr;
    }

    /** The mapped pixels (only between {@link #map} and {@link #unmap}; never handed out). */
    MemorySegment view() {
        return view;
    }

    int pitch() {
        return viewPitch;
    }

    void unmap(DxgiDevice d) {
        if (mapped) {
            mapped = false;
            ID3D11DeviceContext.unmap(d.context, texture, 0);
        }
    }

    /** Drops the texture (it is re-made at the next image frame). */
    void release() {
        texture = IUnknown.releaseIfSet(texture);
        current = false;
        mapped = false;
    }

    @Override
    public void close() {
        release();
    }
}
