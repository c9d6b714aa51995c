package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.Region;
import dev.deskdup.internal.os.Closer;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.CursorWriter;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotDebts;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.spi.SourceContext;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_ACCUMULATED_FRAMES;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_LAST_PRESENT_TIME;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_TOTAL_METADATA_BUFFER_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Windows capture with DXGI Desktop Duplication, copying out: per image frame the GPU copies the changed boxes
 * into the one staging texture ({@link DxgiStaging}), the frame is released to DWM, the staging texture is mapped,
 * this frame's changes plus what the slot is behind on ({@link SlotDebt}) are copied by the CPU into the slot's own
 * memory ({@link DxgiSlotMemory}) — turned upright for rotated outputs — and it is unmapped, all before
 * {@link #fill} returns. A {@code Frame}'s pixels are therefore the library's memory, valid by the same rules as on
 * X11, and no D3D11 call ever happens outside the filling thread.
 *
 * <p>The output is chosen with {@code monitor} or {@code display} (both select an output: null for the primary,
 * an index in enumeration order, or a GDI name such as {@code DISPLAY2}); a region is relative to the output's
 * top-left in desktop orientation. Recovery from the transitions Windows goes through is {@link DxgiRecovery}'s;
 * its state is {@link #state()}. The steady state allocates nothing on the Java heap.
 */
final class DxgiSource implements CaptureSource {

    /** Outcomes of one acquired frame (HRESULT failures are negative). */
    private static final int IMAGE = 1;
    private static final int POINTER_ONLY = 2;
    private static final int NOTHING_NEW = 3;

    private final NanoClock clock;
    private final DxgiScratch s = new DxgiScratch();
    private final DxgiDevice d;
    private final DxgiStaging staging = new DxgiStaging(s);
    private final DxgiChanges changes = new DxgiChanges();
    private final DxgiPointer pointer = new DxgiPointer();
    private final DxgiCursorCompositor compositor;
    private final CursorMode cursorMode;
    private final boolean trackChanges;
    private final DxgiSlotMemory memory;
    private final SlotDebts debts;
    private final DxgiRecovery recovery;
    private final Region region;
    private final int[] r = new int[4];

    private volatile int width;
    private volatile int height;
    /** The captured area's top-left in output coordinates. */
    private int regionX;
    private int regionY;
    /** The last acquired texture (0 before the first) and the rotation the geometry was worked out for. */
    private int textureWidth;
    private int textureHeight;
    private int textureFormat;
    private int rotation = -1;
    /** The staging box: the captured area in texture space. */
    private int boxX;
    private int boxY;
    private int boxWidth;
    private int boxHeight;
    /** The next delivered frame is fully dirty (first frame, after a loss or a resize). */
    private boolean resync = true;
    private long deliveredShapeSerial;
    private volatile List<Feature> features = List.of();
    private volatile Thread fillThread;
    private volatile boolean woken;
    private boolean closed;

    private DxgiSource(CaptureOptions options, SourceContext context, DxgiEntryPoints entryPoints,
                       DxgiRetryPolicy policy) {
        this.clock = context.clock();
        this.region = options.region();
        this.cursorMode = options.cursor();
        this.trackChanges = options.changeTracking();
        this.compositor = cursorMode == CursorMode.COMPOSITED ? new DxgiCursorCompositor() : null;
        this.memory = new DxgiSlotMemory(context.slots(), context.memory());
        this.debts = new SlotDebts(context.slots(), SlotWriter.MAX_DIRTY_RECTS);
        this.recovery = new DxgiRecovery(policy, clock);
        this.d = new DxgiDevice(entryPoints, s);
        try {
            long dpi = d.enterDpiAwareness();
            try {
                d.open(options.display(), options.monitor());
                int hr = d.duplicate(dpi != 0);
                if (HResult.failed(hr)) {
                    DxgiState st = DxgiRecovery.classify(hr);
                    if (st == null || hr == HResult.DXGI_ERROR_UNSUPPORTED) { // at open: not a transition
                        throw new HResult.Failure(duplicateCall() + "(output=" + d.info.name() + ")", hr,
                                DxgiRecovery.hintFor(hr, duplicateCall()));
                    }
                    lost(hr, duplicateCall()); // e.g. opened while the lock screen shows: wait, as mid-stream
                }
            } finally {
                d.leaveDpiAwareness(dpi);
            }
            applyMode(true);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Opens the output the options name with the given entry points (the system's, or simulated ones in tests). */
    static DxgiSource open(CaptureOptions options, SourceContext context, DxgiEntryPoints entryPoints,
                           DxgiRetryPolicy policy) {
        NativeRuntime.requireSupported();
        return new DxgiSource(options, context, entryPoints, policy);
    }

    /** The outputs, in the order {@code display="<index>"} and {@code monitor="<index>"} count them. */
    static List<DxgiOutputInfo> listOutputs(DxgiEntryPoints entryPoints) {
        NativeRuntime.requireSupported();
        try (DxgiScratch scratch = new DxgiScratch()) {
            long dpi = entryPoints.setThreadDpiAwarenessContext(
                    DxgiEntryPoints.DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
            try {
                HResult.check(entryPoints.createDxgiFactory1(IDXGIFactory1.IID.address(), scratch.out),
                        "CreateDXGIFactory1");
                long factory = Com.readPointer(scratch.out);
                try {
                    return DxgiOutputs.enumerate(factory, scratch);
                } finally {
                    IUnknown.release(factory);
                }
            } finally {
                if (dpi != 0) {
                    entryPoints.setThreadDpiAwarenessContext(dpi);
                }
            }
        }
    }

    private String duplicateCall() {
        return d.output5 != 0 ? "IDXGIOutput5::DuplicateOutput1" : "IDXGIOutput1::DuplicateOutput";
    }

    // ---- geometry ----------------------------------------------------------------------------------------------

    /** The duplication's mode (or, before there is one, the output's size) decides the captured size. */
    private void applyMode(boolean opening) {
        boolean duplicating = d.duplication != 0;
        int rot = duplicating ? d.rotation : d.info.rotation();
        int ow = duplicating ? d.modeWidth : d.info.width();
        int oh = duplicating ? d.modeHeight : d.info.height();
        boolean swap = DxgiRotation.swapsAxes(rot);
        applyGeometry(rot, swap ? oh : ow, swap ? ow : oh, textureFormat, opening);
    }

    /** Works out frame size, region and staging box for a {@code tw × th} texture of {@code format}. */
    private void applyGeometry(int rot, int tw, int th, int format, boolean opening) {
        int ow = DxgiRotation.outputWidth(rot, tw, th);
        int oh = DxgiRotation.outputHeight(rot, tw, th);
        if (region != null && !region.fitsIn(ow, oh)) {
            if (opening) {
                region.checkWithin(ow, oh);
            }
            throw recovery.fail(new CaptureException("region=" + region + " no longer fits output=" + d.info.name()
                    + " after a mode change to " + ow + "x" + oh + " (open the capture again with a region inside "
                    + "the new mode)"));
        }
        regionX = region == null ? 0 : region.x();
        regionY = region == null ? 0 : region.y();
        int fw = region == null ? ow : region.width();
        int fh = region == null ? oh : region.height();
        DxgiRotation.outputToTexture(rot, regionX, regionY, fw, fh, ow, oh, r);
        boxX = r[0];
        boxY = r[1];
        boxWidth = r[2];
        boxHeight = r[3];
        changes.geometry(rot, tw, th, regionX, regionY, fw, fh);
        if (rot != rotation || fw != width || fh != height) {
            resynchronize();
        }
        rotation = rot;
        width = fw;
        height = fh;
        features = features(rot);
    }

    private List<Feature> features(int rot) {
        return List.of(
                trackChanges ? Feature.on("damage", "dirty and move rectangles: only the changed boxes are copied")
                        : Feature.off("damage", "changeTracking(false) asked for: every frame copies the whole area"),
                Feature.on("cursor", "DXGI pointer position and shape (monochrome and masked shapes converted), "
                        + "cursor=" + cursorMode),
                d.duplicatedWithFormats || d.duplication == 0 && d.output5 != 0
                        ? Feature.on("formats", "DuplicateOutput1 accepting B8G8R8A8_UNORM: DWM converts HDR and "
                        + "full-screen formats")
                        : Feature.off("formats", "legacy DuplicateOutput (IDXGIOutput5 needs Windows 10 1703+); "
                        + "32-bit formats are converted while copying out"),
                Feature.on("rotation", "rotation=" + DxgiRotation.degrees(rot) + ": frames are delivered upright"));
    }

    /** Every slot is behind on everything and the next frame is whole (resize, loss, a failed copy). */
    private void resynchronize() {
        staging.invalidate();
        debts.oweEverythingAll();
        resync = true;
        if (compositor != null) {
            compositor.reset();
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
    public boolean tracksChanges() {
        return trackChanges;
    }

    @Override
    public String state() {
        return recovery.description();
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void attach(SlotWriter slot) {
        memory.bind(slot, width, height);
        debts.of(slot.index()).oweEverything();
    }

    @Override
    public void wakeUp() {
        woken = true;
        Thread t = fillThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    // ---- frames ------------------------------------------------------------------------------------------------

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        recovery.checkNotFailed();
        fillThread = Thread.currentThread();
        woken = false;
        long deadline = clock.nanoTime() + timeoutNanos;
        for (int turn = 0; ; turn++) {
            if (closed || woken || (turn > 0 && clock.nanoTime() - deadline >= 0)) {
                return false; // the deadline is checked on every turn: recovery never spins past it
            }
            if (!recovery.running()) {
                long now = clock.nanoTime();
                long due = recovery.nextAttemptNanos();
                if (now - due < 0) {
                    if (now - deadline >= 0) {
                        return false;
                    }
                    clock.parkNanos((due - deadline < 0 ? due : deadline) - now);
                } else {
                    attemptRecovery();
                }
                continue;
            }
            boolean haveImage = staging.current();
            long remaining = Math.max(0, deadline - clock.nanoTime());
            int millis = !trackChanges && haveImage ? 0
                    : (int) Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000);
            int hr = IDXGIOutputDuplication.acquireNextFrame(d.duplication, millis, s.frameInfoAddress, s.out);
            int outcome;
            if (hr == HResult.DXGI_ERROR_WAIT_TIMEOUT) {
                outcome = NOTHING_NEW;
            } else if (HResult.failed(hr)) {
                lost(hr, "IDXGIOutputDuplication::AcquireNextFrame");
                continue;
            } else {
                outcome = takeFrame();
                if (HResult.failed(outcome)) {
                    continue; // already routed through lost()
                }
            }
            boolean deliver = outcome == IMAGE
                    || (!trackChanges && staging.current())
                    || (outcome == POINTER_ONLY && cursorMode != CursorMode.NONE && staging.current());
            if (!deliver) {
                if (hr == HResult.DXGI_ERROR_WAIT_TIMEOUT) {
                    return false;
                }
                continue;
            }
            if (copyOut(slot, outcome == IMAGE)) {
                recovery.delivered();
                return true;
            }
        }
    }

    /** Reads what came with the acquired frame and issues its GPU copies; always releases the frame. */
    private int takeFrame() {
        long resource = Com.readPointer(s.out);
        int outcome;
        int released;
        try {
            outcome = readFrame(resource);
        } finally {
            IUnknown.releaseIfSet(resource);
            released = IDXGIOutputDuplication.releaseFrame(d.duplication); // as early as possible, for DWM
        }
        if (HResult.failed(outcome)) {
            lost(outcome, "reading the acquired frame");
            return outcome;
        }
        if (HResult.failed(released)) {
            lost(released, "IDXGIOutputDuplication::ReleaseFrame"); // the frame is dropped, the next one whole
            return released;
        }
        return outcome;
    }

    private int readFrame(long resource) {
        if (cursorMode != CursorMode.NONE) {
            int hr = pointer.update(d.duplication, s);
            if (HResult.failed(hr)) {
                return hr;
            }
        }
        boolean pointerMoved = cursorMode != CursorMode.NONE && pointer.changed;
        if (s.frameInfo.get(JAVA_LONG, FI_LAST_PRESENT_TIME) == 0
                || s.frameInfo.get(JAVA_INT, FI_ACCUMULATED_FRAMES) == 0) {
            return pointerMoved ? POINTER_ONLY : NOTHING_NEW; // no new image: the desktop texture is not touched
        }
        if (resource == 0) {
            return HResult.E_POINTER; // an image without a desktop resource: nonsense, treated as unexpected
        }
        int hr = IUnknown.queryInterface(resource, ID3D11Texture2D.IID.address(), s.out2);
        if (HResult.failed(hr)) {
            return hr;
        }
        long desktop = Com.readPointer(s.out2);
        try {
            ID3D11Texture2D.getDesc(desktop, s.textureDescAddress);
            int tw = s.textureDesc.get(JAVA_INT, DxgiLayouts.TD_WIDTH);
            int th = s.textureDesc.get(JAVA_INT, DxgiLayouts.TD_HEIGHT);
            int format = s.textureDesc.get(JAVA_INT, DxgiLayouts.TD_FORMAT);
            if (tw != textureWidth || th != textureHeight || format != textureFormat || d.rotation != rotation) {
                if (!DxgiPixelFormat.supported(format)) {
                    throw recovery.fail(new CaptureException("output=" + d.info.name() + " delivers its desktop "
                            + "image as format=" + DxgiPixelFormat.name(format) + ", which cannot be converted "
                            + "to BGRA (turn HDR off for this display, or use Windows 10 1703+ where "
                            + "DuplicateOutput1 has DWM convert it)"));
                }
                applyGeometry(d.rotation, tw, th, format, false);
                textureWidth = tw;
                textureHeight = th;
                textureFormat = format;
            }
            if (!staging.fits(d, boxX, boxY, boxWidth, boxHeight, format)) {
                hr = staging.create(d, boxX, boxY, boxWidth, boxHeight, format);
                if (HResult.failed(hr)) {
                    return hr;
                }
                resynchronize();
            }
            hr = copyIntoStaging(desktop);
            if (hr == NOTHING_NEW && pointerMoved) {
                return POINTER_ONLY;
            }
            return hr;
        } finally {
            IUnknown.release(desktop);
        }
    }

    /** The GPU part: this frame's changed boxes (or everything) into the staging texture. */
    private int copyIntoStaging(long desktop) {
        if (!staging.current() || s.frameInfo.get(JAVA_INT, FI_TOTAL_METADATA_BUFFER_SIZE) == 0) {
            changes.setWhole(); // first frame, resync, or an image without metadata: all of it changed
        } else {
            int hr = changes.read(d.duplication, s);
            if (HResult.failed(hr)) {
                return hr;
            }
        }
        if (changes.whole) {
            staging.copyAll(d, desktop, textureWidth, textureHeight);
        } else {
            int[] a = changes.areas;
            for (int i = 0, n = changes.count; i < n; i++) {
                int o = 4 * i;
                DxgiRotation.frameToStaging(rotation, a[o], a[o + 1], a[o + 2], a[o + 3], width, height, r);
                staging.copy(d, desktop, r[0], r[1], r[2], r[3]);
            }
        }
        staging.markCurrent();
        // changes all outside a region: nothing to deliver (as X11 does with damage outside its area)
        return changes.whole || changes.count > 0 ? IMAGE : NOTHING_NEW;
    }

    /**
     * The CPU part: maps the staging texture, copies what {@code slot} needs, unmaps; then dirty rectangles,
     * debts, cursor, timestamp.
     *
     * @param image whether a new image came (its changes are copied and owed by the other slots)
     * @return false when Map failed (routed through {@link #lost})
     */
    private boolean copyOut(SlotWriter slot, boolean image) {
        int index = slot.index();
        if (!memory.boundAt(slot, width, height)) {
            memory.bind(slot, width, height);
            debts.of(index).oweEverything();
        }
        SlotDebt debt = debts.of(index);
        boolean whole = !trackChanges || debt.isEverything() || (image && changes.whole);
        long bytes = 0;
        if (whole || !debt.isSettled() || (image && changes.count > 0)) {
            bytes = copyPixels(slot, debt, image, whole);
            if (bytes < 0) {
                return false;
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
        return true;
    }

    /** Map, copy, Unmap: returns the bytes copied, or -1 when Map failed (routed through {@link #lost}). */
    private long copyPixels(SlotWriter slot, SlotDebt debt, boolean image, boolean whole) {
        int hr = staging.map(d);
        if (HResult.failed(hr)) {
            lost(hr, "ID3D11DeviceContext::Map");
            return -1;
        }
        long bytes = 0;
        try {
            MemorySegment src = staging.view();
            if (whole) {
                return copy(slot, src, 0, 0, width, height);
            }
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
        } finally {
            staging.unmap(d); // before the fill returns: nothing ever reads the mapping later
        }
    }

    private long copy(SlotWriter slot, MemorySegment src, int x, int y, int w, int h) {
        return DxgiCopyOut.copy(src, staging.pitch(), staging.format(), rotation, width, height, slot.memory(),
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
        int left = pointer.x - regionX;
        int top = pointer.y - regionY;
        int hx = left + (shape == null ? 0 : shape.hotspotX);
        int hy = top + (shape == null ? 0 : shape.hotspotY);
        cw.position(hx, hy, pointer.visible && hx >= 0 && hy >= 0 && hx < width && hy < height);
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
    public boolean fillRepeat(SlotWriter slot) {
        if (closed || !recovery.running() || !trackChanges || !staging.current()
                || !memory.boundAt(slot, width, height)) {
            return fill(slot, 0);
        }
        if (!copyOut(slot, false)) { // catches up on the slot's debt: it then shows what the previous frame showed
            return false;
        }
        slot.repeat(slot.dirty().isEmpty());
        return true;
    }

    // ---- recovery ----------------------------------------------------------------------------------------------

    /** A call failed with {@code hr}: resynchronize, drop the duplication, and let the state machine decide. */
    private void lost(int hr, String call) {
        resynchronize();
        d.releaseDuplication();
        DxgiState expected = DxgiRecovery.classify(hr);
        int reason = expected == null ? d.deviceRemovedReason() : HResult.S_OK;
        String name = d.info == null ? "?" : d.info.name();
        String detail = expected == DxgiState.OUTPUT_DETACHED
                ? "output=" + name + " is not attached to the desktop (unplugged, disabled, or the display "
                + "topology changed); outputs now " + d.outputs
                : "output=" + name;
        recovery.lost(hr, call, reason, detail);
    }

    /** One attempt to duplicate again: a new device, a fresh enumeration or just a new duplication, as needed. */
    private void attemptRecovery() {
        recovery.attempting();
        staging.release(); // re-made at the next image; a removed device's texture goes now
        int hr = HResult.S_OK;
        String call = duplicateCall();
        long dpi = d.enterDpiAwareness(); // on this thread: recovery runs on whichever thread fills
        try {
            if (recovery.needsDevice()) {
                call = "re-creating the device";
                hr = d.recreate();
                if (!HResult.failed(hr)) {
                    recovery.deviceRecreated();
                }
            } else if (recovery.needsRebind() || !d.factoryIsCurrent()) {
                call = "re-enumerating the outputs";
                hr = d.rebind();
                if (!HResult.failed(hr)) {
                    recovery.rebound();
                }
            }
            if (!HResult.failed(hr)) {
                call = duplicateCall();
                hr = d.duplicate(dpi != 0);
            }
        } finally {
            d.leaveDpiAwareness(dpi);
        }
        if (HResult.failed(hr)) {
            lost(hr, call);
            return;
        }
        applyMode(false);
        recovery.recovered();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Closer closer = new Closer();
        closer.run(staging::close);
        closer.run(d::close);
        closer.run(memory::close);
        closer.run(changes::close);
        closer.run(pointer::close);
        closer.run(s::close);
        closer.finish();
    }
}
