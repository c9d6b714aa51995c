package dev.deskdup.internal.dxgi;

import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

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

/**
 * What the DXGI source keeps per frame slot: the staging texture the slot's pixels live in (mapped while the
 * consumer holds the frame), the context it belongs to, and the areas of the desktop the texture is behind on.
 */
final class DxgiSlot {

    /** Past this many pending rectangles the slot is simply fully behind (one CopyResource). */
    static final int MAX_BEHIND = 64;

    final SlotWriter slot;
    long texture;
    /** Our own reference on the context the texture was made on, so it can be unmapped after a device reset. */
    long context;
    int generation;
    int width;
    int height;
    boolean mapped;

    private long viewAddress;
    private int viewPitch;
    private int viewWidth;
    private int viewHeight;

    final int[] behind = new int[4 * MAX_BEHIND];
    int behindCount;
    boolean fullyBehind = true;

    DxgiSlot(SlotWriter slot) {
        this.slot = slot;
    }

    /** Whether the texture must be (re)made: none yet, the mode changed, or the device was re-created. */
    boolean stale(DxgiDevice d, int w, int h) {
        return texture == 0 || width != w || height != h || generation != d.generation;
    }

    /** Creates the CPU-readable staging texture; done in attach and again only on mode change or device reset. */
    void create(DxgiDevice d, DxgiScratch s, int w, int h) {
        release();
        var desc = s.textureDesc;
        desc.set(JAVA_INT, TD_WIDTH, w);
        desc.set(JAVA_INT, TD_HEIGHT, h);
        desc.set(JAVA_INT, TD_MIP_LEVELS, 1);
        desc.set(JAVA_INT, TD_ARRAY_SIZE, 1);
        desc.set(JAVA_INT, TD_FORMAT, ID3D11Texture2D.DXGI_FORMAT_B8G8R8A8_UNORM);
        desc.set(JAVA_INT, TD_SAMPLE_COUNT, 1);
        desc.set(JAVA_INT, TD_SAMPLE_QUALITY, 0);
        desc.set(JAVA_INT, TD_USAGE, ID3D11Texture2D.D3D11_USAGE_STAGING);
        desc.set(JAVA_INT, TD_BIND_FLAGS, 0);
        desc.set(JAVA_INT, TD_CPU_ACCESS_FLAGS, ID3D11Texture2D.D3D11_CPU_ACCESS_READ);
        desc.set(JAVA_INT, TD_MISC_FLAGS, 0);
        HResult.check(ID3D11Device.createTexture2D(d.device, s.textureDescAddress, 0, s.out),
                "ID3D11Device::CreateTexture2D(staging " + w + "x" + h + ", slot=" + slot.index() + ")");
        texture = Com.readPointer(s.out);
        IUnknown.addRef(d.context);
        context = d.context;
        generation = d.generation;
        width = w;
        height = h;
        fullyBehind = true;
        behindCount = 0;
    }

    /**
     * Maps the texture and points the slot's view at it. Re-binds the view only when the mapping moved, so the
     * steady state makes no segment.
     *
     * @return the HRESULT of Map
     */
    int map(DxgiScratch s, Arena scope) {
        int hr = ID3D11DeviceContext.map(context, texture, 0, ID3D11DeviceContext.D3D11_MAP_READ, 0,
                s.mappedAddress);
        if (HResult.failed(hr)) {
            return hr;
        }
        mapped = true;
        long data = s.mapped.get(java.lang.foreign.ValueLayout.JAVA_LONG, MS_DATA);
        int pitch = s.mapped.get(JAVA_INT, MS_ROW_PITCH);
        if (data != viewAddress || pitch != viewPitch || width != viewWidth || height != viewHeight) {
            MemorySegment pixels = MemorySegment.ofAddress(data).reinterpret((long) pitch * height, scope, null);
            slot.bind(pixels, pixels.asReadOnly(), width, height, pitch);
            viewAddress = data;
            viewPitch = pitch;
            viewWidth = width;
            viewHeight = height;
        }
        return hr;
    }

    void unmap() {
        if (mapped) {
            mapped = false;
            ID3D11DeviceContext.unmap(context, texture, 0);
        }
    }

    /** Adds a frame's changed areas to what this slot must copy next time; too many → fully behind. */
    void fallBehind(int[] areas, int count) {
        if (fullyBehind) {
            return;
        }
        if (behindCount + count > MAX_BEHIND) {
            fullyBehind = true;
            behindCount = 0;
            return;
        }
        System.arraycopy(areas, 0, behind, 4 * behindCount, 4 * count);
        behindCount += count;
    }

    void caughtUp() {
        fullyBehind = false;
        behindCount = 0;
    }

    /** Unmaps and drops the texture and our context reference. */
    void release() {
        unmap();
        texture = IUnknown.releaseIfSet(texture);
        context = IUnknown.releaseIfSet(context);
    }
}
