package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.internal.os.Closer;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.spi.SourceContext;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_ACCUMULATED_FRAMES;
import static dev.deskdup.internal.dxgi.DxgiLayouts.FI_LAST_PRESENT_TIME;
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
    private static final int IMAGE = DxgiCopier.IMAGE;
    private static final int POINTER_ONLY = 2;
    private static final int NOTHING_NEW = DxgiCopier.NOTHING_NEW;

    private final NanoClock clock;
    private final DxgiScratch s = new DxgiScratch();
    private final DxgiDevice d;
    private final DxgiGeometry g;
    private final DxgiPointer pointer = new DxgiPointer();
    private final DxgiCopier copier;
    private final CursorMode cursorMode;
    private final boolean trackChanges;
    private final DxgiRecovery recovery;
    private volatile List<Feature> features = List.of();
    private volatile Thread fillThread;
    private volatile boolean woken;
    private boolean closed;

    private DxgiSource(CaptureOptions options, SourceContext context, DxgiEntryPoints entryPoints,
                       DxgiRetryPolicy policy) {
        this.clock = context.clock();
        this.cursorMode = options.cursor();
        this.trackChanges = options.changeTracking();
        this.g = new DxgiGeometry(options.region());
        this.copier = new DxgiCopier(s, g, pointer, cursorMode, trackChanges, context.slots(), context.memory(),
                clock);
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
        return d.duplicateCall;
    }

    // ---- geometry ----------------------------------------------------------------------------------------------

    /** The duplication's mode (or, before there is one, the output's size) decides the captured size. */
    private void applyMode(boolean opening) {
        boolean duplicating = d.duplication != 0;
        int rot = duplicating ? d.rotation : d.info.rotation();
        int ow = duplicating ? d.modeWidth : d.info.width();
        int oh = duplicating ? d.modeHeight : d.info.height();
        boolean swap = DxgiRotation.swapsAxes(rot);
        int tw = swap ? oh : ow;
        int th = swap ? ow : oh;
        if (!g.fits(rot, tw, th)) {
            if (opening) {
                g.checkFits(rot, tw, th);
            }
            throw recovery.fail(new CaptureException(g.misfit(d.info.name(), rot, tw, th)));
        }
        if (g.apply(rot, tw, th)) {
            copier.resynchronize();
        }
        g.texture(0, 0, 0); // the next texture's own GetDesc decides (ModeDesc may disagree with it)
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

    @Override
    public String name() {
        return CaptureOptions.SOURCE_DXGI;
    }

    @Override
    public int width() {
        return g.width;
    }

    @Override
    public int height() {
        return g.height;
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
        copier.attach(slot);
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
            boolean haveImage = copier.current();
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
                    || (!trackChanges && copier.current())
                    || (outcome == POINTER_ONLY && cursorMode != CursorMode.NONE && copier.current());
            if (!deliver) {
                if (hr == HResult.DXGI_ERROR_WAIT_TIMEOUT) {
                    return false;
                }
                continue;
            }
            int copied = copier.copyOut(d, slot, outcome == IMAGE);
            if (HResult.failed(copied)) {
                lost(copied, "ID3D11DeviceContext::Map");
                continue;
            }
            recovery.delivered();
            return true;
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
            hr = copier.copyIntoStaging(d, desktop, d.rotation, d.info.name(), recovery);
            return hr == NOTHING_NEW && pointerMoved ? POINTER_ONLY : hr;
        } finally {
            IUnknown.release(desktop);
        }
    }

    @Override
    public boolean fillRepeat(SlotWriter slot) {
        if (closed || !recovery.running() || !trackChanges || !copier.current() || !copier.boundAt(slot)) {
            return fill(slot, 0);
        }
        int copied = copier.copyOut(d, slot, false); // catches up on the slot's debt: then it shows the last frame
        if (HResult.failed(copied)) {
            lost(copied, "ID3D11DeviceContext::Map");
            return false;
        }
        slot.repeat(slot.dirty().isEmpty());
        return true;
    }

    // ---- recovery ----------------------------------------------------------------------------------------------

    /** A call failed with {@code hr}: resynchronize, drop the duplication, and let the state machine decide. */
    private void lost(int hr, String call) {
        copier.resynchronize();
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
        copier.releaseStaging(); // re-made at the next image; a removed device's texture goes now
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
                hr = d.duplicate(dpi != 0);
                call = duplicateCall();
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
        closer.run(copier::close);
        closer.run(d::close);
        closer.run(pointer::close);
        closer.run(s::close);
        closer.finish();
    }
}
