package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SlotWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_LAST_PRESENT_TIME;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_TOTAL_METADATA_BUFFER_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Windows capture with DXGI Desktop Duplication: the GPU copies the changed parts of the desktop image into a
 * CPU-readable staging texture per frame slot, and the frame's pixels are that texture, mapped.
 *
 * <p>{@code options.display()} selects the output: null for the primary one, an index ({@code "1"}) in enumeration
 * order, or a GDI name ({@code "DISPLAY2"} or {@code "\\.\DISPLAY2"}); {@link #listOutputs()} shows them. A region
 * is relative to the output's top-left corner.
 *
 * <p>Per frame: AcquireNextFrame (waiting up to the caller's timeout), read move and dirty rects, copy only those
 * areas (plus whatever the slot missed while others were filled) with CopySubresourceRegion, ReleaseFrame, then
 * Map. Unmap happens when the consumer releases the frame. Pointer-only updates deliver no frame. Lost access
 * (desktop switch, mode change), denied access (UAC, lock screen) and a removed device are recovered from with
 * backoff; see {@link #state()}. The steady state allocates nothing on the Java heap.
 */
public final class DxgiSource implements CaptureSource {

    /** fill's internal outcome of one acquired frame: the image was copied, or it was a pointer-only update. */
    private static final int COPIED = HResult.S_OK;
    private static final int POINTER_ONLY = HResult.S_FALSE;

    private final DxgiRetryPolicy policy;
    private final DxgiScratch s = new DxgiScratch();
    private final DxgiDevice d;
    private final DxgiMetadata meta = new DxgiMetadata();
    private final DxgiPointer pointer = new DxgiPointer();
    private final List<DxgiSlot> slots = new ArrayList<>();
    private final Region region;

    private int width;
    private int height;
    private volatile DxgiState state = DxgiState.RUNNING;
    private CaptureException failure;
    private int attempts;
    private long nextAttemptNanos;
    private int lastError;
    /** The next delivered frame is whole (first frame, after recovery or a mode change). */
    private boolean resync = true;
    private long bytesThisFrame;
    private boolean closed;

    private DxgiSource(CaptureOptions options, DxgiEntryPoints entryPoints, DxgiRetryPolicy policy) {
        this.policy = policy;
        this.region = options.region();
        this.d = new DxgiDevice(entryPoints, s);
        try {
            entryPoints.setProcessDpiAwarenessContext(DxgiEntryPoints.DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
            d.open(options.display());
            int hr = d.duplicate();
            if (hr == HResult.E_ACCESSDENIED || hr == HResult.DXGI_ERROR_ACCESS_LOST) {
                lost(hr); // e.g. opened while the lock screen shows: wait for the desktop, like mid-stream
            } else {
                HResult.check(hr, "IDXGIOutput1::DuplicateOutput(output=" + d.info.name() + ")");
            }
            applyMode(true);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Opens the output {@code options.display()} names with the system's DXGI (Windows only). */
    public static DxgiSource open(CaptureOptions options) {
        return open(options, DxgiEntryPoints.system(), DxgiRetryPolicy.DEFAULT);
    }

    /** As {@link #open(CaptureOptions)} with the entry points (tests: a simulated COM layer) and retry policy given. */
    public static DxgiSource open(CaptureOptions options, DxgiEntryPoints entryPoints, DxgiRetryPolicy policy) {
        NativeRuntime.requireSupported();
        return new DxgiSource(options, entryPoints, policy);
    }

    /** The outputs of the system's DXGI, in the order {@code display="<index>"} counts them. */
    public static List<DxgiOutputInfo> listOutputs() {
        return listOutputs(DxgiEntryPoints.system());
    }

    static List<DxgiOutputInfo> listOutputs(DxgiEntryPoints entryPoints) {
        NativeRuntime.requireSupported();
        try (DxgiScratch scratch = new DxgiScratch()) {
            HResult.check(entryPoints.createDxgiFactory1(IDXGIFactory1.IID.address(), scratch.out),
                    "CreateDXGIFactory1");
            long factory = Com.readPointer(scratch.out);
            try {
                return DxgiOutputs.enumerate(factory, scratch);
            } finally {
                IUnknown.release(factory);
            }
        }
    }

    /** Sets the captured size from the desktop's (and the region); a changed size re-makes staging lazily. */
    private void applyMode(boolean opening) {
        int dw = d.desktopWidth;
        int dh = d.desktopHeight;
        if (region != null) {
            if (!region.fitsIn(dw, dh)) {
                if (opening) {
                    region.checkWithin(dw, dh);
                }
                state = DxgiState.FAILED;
                failure = new CaptureException("region=" + region + " no longer fits output=" + d.info.name()
                        + " after a mode change to " + dw + "x" + dh + " (open the capture again with a region "
                        + "inside the new mode)");
                throw failure;
            }
            width = region.width();
            height = region.height();
            meta.region(region.x(), region.y(), width, height);
        } else {
            width = dw;
            height = dh;
            meta.region(0, 0, width, height);
        }
    }

    @Override
    public String name() {
        return CaptureOptions.SOURCE_DXGI;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void attach(SlotWriter slot) {
        DxgiSlot st = new DxgiSlot(slot);
        slots.add(st);
        st.create(d, s, width, height);
    }

    /** The per-slot state of {@code slot} (attached in index order). */
    private DxgiSlot slotOf(SlotWriter slot) {
        return slots.get(slot.index());
    }

    @Override
    public boolean tracksChanges() {
        return true;
    }

    @Override
    public String state() {
        return state.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        DxgiSlot st = slotOf(slot);
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (state != DxgiState.RUNNING && !recover(deadline)) {
                return false;
            }
            long remaining = deadline - System.nanoTime();
            int millis = remaining <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
            int hr = IDXGIOutputDuplication.acquireNextFrame(d.duplication, millis, s.frameInfoAddress, s.out);
            if (hr == HResult.DXGI_ERROR_WAIT_TIMEOUT) {
                return false;
            }
            if (HResult.failed(hr)) {
                lost(hr);
                continue;
            }
            long resource = Com.readPointer(s.out);
            int outcome;
            int released;
            try {
                outcome = copyFrame(st, resource);
            } finally {
                IUnknown.release(resource);
                released = IDXGIOutputDuplication.releaseFrame(d.duplication); // as early as possible
            }
            if (HResult.failed(released)) {
                lost(released); // the copy was issued before: this frame is still good
            }
            if (outcome == POINTER_ONLY) {
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                continue;
            }
            if (HResult.failed(outcome)) {
                lost(outcome);
                continue;
            }
            int mapped = st.map(s, s.arena());
            if (HResult.failed(mapped)) {
                st.fullyBehind = true;
                lost(mapped);
                continue;
            }
            slot.dirty().clear();
            if (resync) {
                slot.setFullyDirty();
                resync = false;
            } else {
                int[] a = meta.areas;
                for (int i = 0, n = meta.count; i < n; i++) {
                    slot.addDirty(a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]);
                }
            }
            slot.bytesWritten(bytesThisFrame);
            slot.timestampNanos(System.nanoTime());
            return true;
        }
    }

    /** Reads what came with the frame and issues the copies into {@code st}'s staging texture. */
    private int copyFrame(DxgiSlot st, long resource) {
        int hr = pointer.update(d.duplication, s);
        if (HResult.failed(hr)) {
            return hr;
        }
        if (s.frameInfo.get(JAVA_LONG, FI_LAST_PRESENT_TIME) == 0) {
            return POINTER_ONLY; // the image did not change: nothing to copy, no frame to deliver
        }
        meta.count = 0;
        if (s.frameInfo.get(JAVA_INT, FI_TOTAL_METADATA_BUFFER_SIZE) > 0) {
            hr = meta.read(d.duplication, s);
            if (HResult.failed(hr)) {
                return hr;
            }
        }
        hr = IUnknown.queryInterface(resource, ID3D11Texture2D.IID.address(), s.out2);
        if (HResult.failed(hr)) {
            return hr;
        }
        long desktop = Com.readPointer(s.out2);
        try {
            if (st.stale(d, width, height)) {
                st.create(d, s, width, height);
            }
            if (resync) {
                for (int i = 0, n = slots.size(); i < n; i++) {
                    slots.get(i).fullyBehind = true;
                }
            }
            long bytes;
            if (st.fullyBehind) {
                bytes = copyWhole(st, desktop);
            } else {
                bytes = copyAreas(st, desktop, st.behind, st.behindCount)
                        + copyAreas(st, desktop, meta.areas, meta.count);
            }
            st.caughtUp();
            for (int i = 0, n = slots.size(); i < n; i++) {
                DxgiSlot other = slots.get(i);
                if (other != st) {
                    other.fallBehind(meta.areas, meta.count);
                }
            }
            bytesThisFrame = bytes;
            return COPIED;
        } finally {
            IUnknown.release(desktop);
        }
    }

    private long copyWhole(DxgiSlot st, long desktop) {
        if (region == null && st.width == d.desktopWidth && st.height == d.desktopHeight) {
            ID3D11DeviceContext.copyResource(d.context, st.texture, desktop);
        } else {
            copyBox(st, desktop, 0, 0, width, height);
        }
        return 4L * width * height;
    }

    private long copyAreas(DxgiSlot st, long desktop, int[] areas, int count) {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            int o = 4 * i;
            copyBox(st, desktop, areas[o], areas[o + 1], areas[o + 2], areas[o + 3]);
            bytes += 4L * areas[o + 2] * areas[o + 3];
        }
        return bytes;
    }

    /** Copies the area {@code (x, y, w, h)} of the captured region from the desktop image to the same place. */
    private void copyBox(DxgiSlot st, long desktop, int x, int y, int w, int h) {
        int ox = region == null ? 0 : region.x();
        int oy = region == null ? 0 : region.y();
        var box = s.box;
        box.set(JAVA_INT, DxgiLayouts.BOX_LEFT, ox + x);
        box.set(JAVA_INT, DxgiLayouts.BOX_TOP, oy + y);
        box.set(JAVA_INT, DxgiLayouts.BOX_FRONT, 0);
        box.set(JAVA_INT, DxgiLayouts.BOX_RIGHT, ox + x + w);
        box.set(JAVA_INT, DxgiLayouts.BOX_BOTTOM, oy + y + h);
        box.set(JAVA_INT, DxgiLayouts.BOX_BACK, 1);
        ID3D11DeviceContext.copySubresourceRegion(d.context, st.texture, 0, x, y, 0, desktop, 0, s.boxAddress);
    }

    /** A call failed with {@code hr}: enter the matching recovery state, or fail for good. */
    private void lost(int hr) {
        DxgiState next;
        if (hr == HResult.DXGI_ERROR_ACCESS_LOST || hr == HResult.DXGI_ERROR_NOT_CURRENTLY_AVAILABLE
                || hr == HResult.DXGI_ERROR_SESSION_DISCONNECTED) {
            next = DxgiState.RECOVERING_ACCESS_LOST;
        } else if (hr == HResult.E_ACCESSDENIED) {
            next = DxgiState.WAITING_ACCESS_DENIED;
        } else if (HResult.deviceLost(hr)) {
            next = DxgiState.RECOVERING_DEVICE_REMOVED;
        } else {
            state = DxgiState.FAILED;
            failure = new HResult.Failure("DXGI capture of output=" + (d.info == null ? "?" : d.info.name()), hr,
                    HResult.hint(hr));
            throw failure;
        }
        d.releaseDuplication();
        lastError = hr;
        if (state == DxgiState.RUNNING) {
            attempts = 0;
            nextAttemptNanos = System.nanoTime();
        }
        if (state != DxgiState.RECOVERING_DEVICE_REMOVED) {
            state = next; // a pending device re-creation is not downgraded
        }
        resync = true;
    }

    /**
     * One recovery attempt when due (waiting for it at most until {@code deadline}).
     *
     * @return true when duplicating again
     */
    private boolean recover(long deadline) {
        if (state == DxgiState.FAILED) {
            throw failure;
        }
        if (state == DxgiState.CLOSED) {
            return false;
        }
        while (true) {
            long now = System.nanoTime();
            if (now - nextAttemptNanos < 0) {
                long wait = Math.min(nextAttemptNanos - now, deadline - now);
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (System.nanoTime() - nextAttemptNanos < 0) {
                    return false;
                }
            }
            attempts++;
            int hr;
            try {
                if (state == DxgiState.RECOVERING_DEVICE_REMOVED) {
                    d.recreate();
                    state = DxgiState.RECOVERING_ACCESS_LOST;
                }
                hr = d.duplicate();
                if (!HResult.failed(hr)) {
                    applyMode(false);
                }
            } catch (CaptureException e) {
                state = DxgiState.FAILED;
                failure = e;
                throw e;
            }
            if (!HResult.failed(hr)) {
                state = DxgiState.RUNNING;
                attempts = 0;
                resync = true;
                return true;
            }
            lost(hr);
            if (attempts >= policy.maxAttempts()) {
                state = DxgiState.FAILED;
                failure = new CaptureException("DXGI duplication of output=" + d.info.name()
                        + " could not be re-created: attempts=" + attempts + ", last " + HResult.describe(hr) + " ("
                        + HResult.hint(hr) + "; open the capture again once the desktop is available)");
                throw failure;
            }
            nextAttemptNanos = System.nanoTime() + policy.backoffNanos(attempts + 1);
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
        }
    }

    @Override
    public void released(SlotWriter slot) {
        DxgiSlot st = slotOf(slot);
        st.unmap();
        if (st.generation != d.generation) {
            st.release(); // made on a device that is gone: free it now, re-made on its next fill
        }
    }

    // ---- state and pointer, for callers holding the source -------------------------------------------------

    /** Where the capture stands (running, or recovering from what). Any thread. */
    public DxgiState dxgiState() {
        return state;
    }

    /** The HRESULT of the last failure that started a recovery (0 if none). */
    public int lastError() {
        return lastError;
    }

    /** The output captured. */
    public DxgiOutputInfo output() {
        return d.info;
    }

    /** DXGI_MODE_ROTATION of the output as of the last duplication; pixels are as DXGI hands them (not rotated). */
    public int rotation() {
        return d.rotation;
    }

    /** Pointer position in output coordinates, as of the last frame that reported a mouse update. */
    public int pointerX() {
        return pointer.x;
    }

    public int pointerY() {
        return pointer.y;
    }

    public boolean pointerVisible() {
        return pointer.visible;
    }

    /** DXGI_OUTDUPL_POINTER_SHAPE_TYPE: 1 monochrome, 2 color (BGRA), 4 masked color; 0 before the first shape. */
    public int pointerShapeType() {
        return pointer.shapeType;
    }

    public int pointerShapeWidth() {
        return pointer.shapeWidth;
    }

    /** Height in rows of the shape buffer (for monochrome shapes: twice the pointer's, AND mask then XOR mask). */
    public int pointerShapeHeight() {
        return pointer.shapeHeight;
    }

    public int pointerShapePitch() {
        return pointer.shapePitch;
    }

    public int pointerHotSpotX() {
        return pointer.hotSpotX;
    }

    public int pointerHotSpotY() {
        return pointer.hotSpotY;
    }

    /** Increments each time a new pointer shape arrived. */
    public long pointerShapeVersion() {
        return pointer.shapeVersion;
    }

    /** A copy of the current pointer shape's bytes (allocates; call when {@link #pointerShapeVersion()} changed). */
    public byte[] pointerShape() {
        return pointer.shapeCopy();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        state = DxgiState.CLOSED;
        for (DxgiSlot st : slots) {
            st.release();
        }
        d.close();
        meta.close();
        pointer.close();
        s.close();
    }
}
