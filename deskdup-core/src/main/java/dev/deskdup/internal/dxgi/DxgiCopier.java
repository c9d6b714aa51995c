package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CursorMode;
import dev.deskdup.spi.CursorWriter;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotDebts;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.MemorySegment;

import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_TOTAL_METADATA_BUFFER_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The two copies of a DXGI frame. On the GPU, while the frame is held: this frame's changed boxes (everything after
 * a resync) from the desktop texture into the one staging texture, which stays current. On the CPU, after
 * ReleaseFrame: Map, this frame's changes plus what the slot is behind on ({@link SlotDebt}) into the slot's own
 * memory, turned upright ({@link DxgiCopyOut}), Unmap; then dirty rectangles, the other slots' debts, the cursor.
 * Filling thread only; allocation-free.
 */
final class DxgiCopier implements AutoCloseable {

    /** Outcomes of an image frame (HRESULT failures are negative). */
    static final int IMAGE = 1;
    static final int NOTHING_NEW = 3;

    private final DxgiScratch s;
    private final DxgiStaging staging;
    private final DxgiChanges changes = new DxgiChanges();
    private final DxgiGeometry g;
    private final DxgiPointer pointer;
    private final DxgiCursorCompositor compositor;
    private final CursorMode cursorMode;
    private final boolean trackChanges;
    private final DxgiSlotMemory memory;
    private final SlotDebts debts;
    private final NanoClock clock;
    private final int[] r = new int[4];
    /** The next delivered frame is fully dirty (first frame, after a loss or a resize). */
    private boolean resync = true;
    private long deliveredShapeSerial;

    DxgiCopier(DxgiScratch s, DxgiGeometry g, DxgiPointer pointer, CursorMode cursorMode, boolean trackChanges,
               int slots, SlotMemoryAllocator external, NanoClock clock) {
        this.s = s;
        this.staging = new DxgiStaging(s);
        this.g = g;
        this.pointer = pointer;
        this.cursorMode = cursorMode;
        this.trackChanges = trackChanges;
        this.compositor = cursorMode == CursorMode.COMPOSITED ? new DxgiCursorCompositor() : null;
        this.memory = new DxgiSlotMemory(slots, external);
        this.debts = new SlotDebts(slots, SlotWriter.MAX_DIRTY_RECTS);
        this.clock = clock;
    }

    /** Every slot is behind on everything and the next frame is whole (resize, loss, a failed copy). */
    void resynchronize() {
        staging.invalidate();
        debts.oweEverythingAll();
        resync = true;
        if (compositor != null) {
            compositor.reset();
        }
    }

    /** Whether the staging texture shows the desktop as of the last image (so a slot can be brought up to date). */
    boolean current() {
        return staging.current();
    }

    /** Drops the staging texture (before a device is re-made; it is re-made at the next image). */
    void releaseStaging() {
        staging.release();
    }

    boolean boundAt(SlotWriter slot) {
        return memory.boundAt(slot, g.width, g.height);
    }

    void attach(SlotWriter slot) {
        memory.bind(slot, g.width, g.height);
        debts.of(slot.index()).oweEverything();
    }

    // ---- the GPU copy ------------------------------------------------------------------------------------------

    /**
     * The GPU part for the acquired desktop texture: checks its size and format ({@code GetDesc}), (re)makes the
     * staging texture when they changed, and copies this frame's changes in.
     *
     * @param rotation the duplication's rotation
     * @param output   the output's name, for messages
     * @return {@link #IMAGE}, {@link #NOTHING_NEW} (every change outside the region), or a failing HRESULT
     * @throws CaptureException (via {@code recovery.fail}) for a format that cannot be converted or a region that
     *                          no longer fits
     */
    int copyIntoStaging(DxgiDevice d, long desktop, int rotation, String output, DxgiRecovery recovery) {
        ID3D11Texture2D.getDesc(desktop, s.textureDescAddress);
        int tw = s.textureDesc.get(JAVA_INT, DxgiLayouts.TD_WIDTH);
        int th = s.textureDesc.get(JAVA_INT, DxgiLayouts.TD_HEIGHT);
        int format = s.textureDesc.get(JAVA_INT, DxgiLayouts.TD_FORMAT);
        if (!g.matches(rotation, tw, th, format)) {
            if (!DxgiPixelFormat.supported(format)) {
                throw recovery.fail(new CaptureException("output=" + output + " delivers its desktop image as format="
                        + DxgiPixelFormat.name(format) + ", which cannot be converted to BGRA (turn HDR off for this "
                        + "display, or use Windows 10 1703+ where DuplicateOutput1 has DWM convert it)"));
            }
            if (!g.fits(rotation, tw, th)) {
                throw recovery.fail(new CaptureException(g.misfit(output, rotation, tw, th)));
            }
            if (g.apply(rotation, tw, th)) {
                resynchronize();
            }
            g.texture(tw, th, format);
            changes.geometry(rotation, tw, th, g.regionX, g.regionY, g.width, g.height);
        }
        if (!staging.fits(d, g.boxX, g.boxY, g.boxWidth, g.boxHeight, format)) {
            int hr = staging.create(d, g.boxX, g.boxY, g.boxWidth, g.boxHeight, format);
            if (HResult.failed(hr)) {
                return hr;
            }
            resynchronize();
        }
        if (!staging.current() || s.frameInfo.get(JAVA_INT, FI_TOTAL_METADATA_BUFFER_SIZE) == 0) {
            changes.setWhole(); // first frame, resync, or an image without metadata: all of it changed
        } else {
            int hr = changes.read(d.duplication, s);
            if (HResult.failed(hr)) {
                return hr;
            }
        }
        if (changes.whole) {
            staging.copyAll(d, desktop, tw, th);
        } else {
            int[] a = changes.areas;
            for (int i = 0, n = changes.count; i < n; i++) {
                int o = 4 * i;
                DxgiRotation.frameToStaging(g.rotation, a[o], a[o + 1], a[o + 2], a[o + 3], g.width, g.height, r);
                staging.copy(d, desktop, r[0], r[1], r[2], r[3]);
            }
        }
        staging.markCurrent();
        // changes all outside a region: nothing to deliver (as X11 does with damage outside its area)
        return changes.whole || changes.count > 0 ? IMAGE : NOTHING_NEW;
    }

    // ---- the CPU copy ------------------------------------------------------------------------------------------

    /**
     * Maps the staging texture, copies what {@code slot} needs, unmaps; then dirty rectangles, debts, cursor,
     * timestamp.
     *
     * @param image whether a new image came (its changes are copied and owed by the other slots)
     * @return S_OK, or the failing HRESULT of Map (nothing was written then)
     */
    int copyOut(DxgiDevice d, SlotWriter slot, boolean image) {
        int index = slot.index();
        if (!memory.boundAt(slot, g.width, g.height)) {
            memory.bind(slot, g.width, g.height);
            debts.of(index).oweEverything();
        }
        SlotDebt debt = debts.of(index);
        boolean whole = !trackChanges || debt.isEverything() || (image && changes.whole);
        long bytes = 0;
        if (whole || !debt.isSettled() || (image && changes.count > 0)) {
            int hr = staging.map(d);
            if (HResult.failed(hr)) {
                return hr;
            }
            try {
                bytes = copyPixels(slot, debt, image, whole);
            } finally {
                staging.unmap(d); // before the fill returns: nothing ever reads the mapping later
            }
        }
        debt.settle();
        if (image) {
            owedByOthers(index);
        }
        boolean fullyDirty = !trackChanges || resync || (image && changes.whole);
        if (fullyDirty) {
            slot.setFullyDirty();
            resync = false;
        } else if (image) {
            int[] a = changes.areas;
            for (int i = 0, n = changes.count; i < n; i++) {
                slot.addDirty(a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]);
            }
        }
        bytes += cursor(slot, debt, fullyDirty);
        slot.bytesWritten(bytes);
        slot.timestampNanos(clock.nanoTime());
        return HResult.S_OK;
    }

    private long copyPixels(SlotWriter slot, SlotDebt debt, boolean image, boolean whole) {
        MemorySegment src = staging.view();
        if (whole) {
            return copy(slot, src, 0, 0, g.width, g.height);
        }
        long bytes = 0;
        RectSet owed = debt.areas();
        for (int i = 0; i < owed.count(); i++) {
            bytes += copy(slot, src, owed.x(i), owed.y(i), owed.width(i), owed.height(i));
        }
        if (image) {
            int[] a = changes.areas;
            for (int i = 0, n = changes.count; i < n; i++) {
                bytes += copy(slot, src, a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]);
            }
        }
        return bytes;
    }

    private long copy(SlotWriter slot, MemorySegment src, int x, int y, int w, int h) {
        return DxgiCopyOut.copy(src, staging.pitch(), staging.format(), g.rotation, g.width, g.height, slot.memory(),
                slot.stride(), x, y, w, h);
    }

    /** Every other slot owes this frame's changes. */
    private void owedByOthers(int filled) {
        for (int j = 0; j < debts.slots(); j++) {
            if (j == filled) {
                continue;
            }
            SlotDebt other = debts.of(j);
            if (changes.whole) {
                other.oweEverything();
            } else {
                int[] a = changes.areas;
                for (int i = 0, n = changes.count; i < n; i++) {
                    other.owe(a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]);
                }
            }
        }
    }

    /** The pointer into the slot's cursor (position = hotspot), and drawn into its pixels when COMPOSITED. */
    private long cursor(SlotWriter slot, SlotDebt debt, boolean fullyDirty) {
        if (cursorMode == CursorMode.NONE) {
            return 0;
        }
        CursorWriter cw = slot.cursor();
        DxgiCursorShape shape = pointer.shape;
        int left = pointer.x - g.regionX;
        int top = pointer.y - g.regionY;
        int hx = left + (shape == null ? 0 : shape.hotspotX);
        int hy = top + (shape == null ? 0 : shape.hotspotY);
        cw.position(hx, hy, pointer.visible && hx >= 0 && hy >= 0 && hx < g.width && hy < g.height);
        long serial = shape == null ? 0 : shape.serial;
        if (shape != null && cw.serial() != serial) {
            cw.shape(serial, shape.width, shape.height, shape.hotspotX, shape.hotspotY, shape.argb);
        }
        boolean shapeChanged = serial != deliveredShapeSerial;
        cw.shapeChanged(shapeChanged);
        deliveredShapeSerial = serial;
        return compositor == null ? 0 : compositor.composite(pointer, shapeChanged, slot, debt, left, top,
                fullyDirty);
    }

    @Override
    public void close() {
        try {
            staging.close();
            changes.close();
        } finally {
            memory.close();
        }
    }
}
