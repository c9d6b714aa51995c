package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.internal.os.Closer;
import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotDebts;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.spi.SourceContext;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Captures an X11 screen through MIT-SHM: each slot is shared memory attached to the X server, and
 * {@code ShmGetImage} makes the server write the pixels straight into it (see {@link SlotTarget}).
 *
 * <h2>Two modes</h2>
 * <ul>
 * <li><b>Change tracking</b> (default when DAMAGE and XFIXES are present, see {@link DamageTracker}): a fill waits
 *     on the connection's socket until something in the captured area changed, then copies only this frame's
 *     changes and what the slot is behind on ({@link SlotDebt}); each rectangle is fetched with a sub-rectangle
 *     {@code ShmGetImage} ({@link SubImageCopier}). Bytes moved scale with the change.</li>
 * <li><b>Full frame</b> ({@code changeTracking(false)}, or DAMAGE/XFIXES missing on the server or on this machine):
 *     every fill is one {@code ShmGetImage} of the whole area straight into the slot; the frame is fully dirty.</li>
 * </ul>
 *
 * <h2>Resize</h2>
 * RandR events mark the area stale; the next fill works it out again ({@link CaptureArea}: whole screen, region or
 * monitor, a vanished monitor is a {@link CaptureException}). When its size changed, slots are rebuilt lazily: each
 * one gets new memory when it is next filled, so a frame the consumer holds keeps its old memory and no frame
 * mixes sizes.
 */
public final class X11Source implements CaptureSource, X11Events.Handler {

    /** Diagnostic switch: {@code -Ddeskdup.x11.sysvShm=true} uses SysV segments even where fd passing works. */
    public static final String SYSV_PROPERTY = "deskdup.x11.sysvShm";
    /** RRScreenChangeNotify, RRCrtcChangeNotify and RROutputChangeNotify. */
    private static final short RANDR_EVENTS = (short) (XcbRandr.NOTIFY_MASK_SCREEN_CHANGE
            | XcbRandr.NOTIFY_MASK_CRTC_CHANGE | XcbRandr.NOTIFY_MASK_OUTPUT_CHANGE);

    private final X11Connection conn;
    private final NanoClock clock;
    private final SlotMemoryAllocator externalMemory;
    private final X11Files files;
    private final CaptureArea area;
    private final CursorMode cursorMode;
    private final X11Events events;
    private final DamageTracker damage;
    private final CursorTracker cursor;
    private final CursorCompositor compositor;
    private final int randrFirstEvent;
    private final List<Feature> features;
    private final SlotTarget[] targets;
    private final int[] generations;
    private final SlotDebts debts;
    private final RectSet batch = new RectSet(SlotWriter.MAX_DIRTY_RECTS);
    private final SubImageCopier copier;
    private boolean useFd;
    private volatile int width;
    private volatile int height;
    private boolean screenChanged;
    private boolean fullPending = true;
    private volatile boolean closed;

    private X11Source(X11Connection conn, CaptureOptions options, SourceContext context, int[] shmVersion) {
        this.conn = conn;
        this.clock = context.clock();
        this.externalMemory = context.memory();
        this.files = new X11Files(conn);
        this.cursorMode = options.cursor();
        // fd passing (xcb_shm_attach_fd) came with MIT-SHM 1.2
        this.useFd = (shmVersion[0] > 1 || (shmVersion[0] == 1 && shmVersion[1] >= 2))
                && !Boolean.getBoolean(SYSV_PROPERTY);
        this.targets = new SlotTarget[context.slots()];
        this.generations = new int[context.slots()];
        this.debts = new SlotDebts(context.slots(), SlotWriter.MAX_DIRTY_RECTS);
        this.events = new X11Events(conn, clock);
        List<Feature> found = new ArrayList<>();
        DamageTracker d = null;
        CursorTracker c = null;
        SubImageCopier copy = null;
        try {
            String noMonitors = MonitorList.unavailableReason(conn);
            int randr = -1;
            if (noMonitors == null && MonitorList.available(conn)) {
                int cookie = (int) XcbRandr.SELECT_INPUT_CHECKED.invokeExact(conn.pointer(), conn.root(), RANDR_EVENTS);
                conn.check(cookie, "RRSelectInput");
                randr = conn.extension(XcbRandr.EXTENSION_ID).firstEvent();
                found.add(Feature.on("monitors", "RandR 1.5"));
            } else {
                found.add(Feature.off("monitors", (noMonitors != null ? noMonitors : "display=" + conn.display()
                        + " has no RandR 1.5") + "; the whole screen is one monitor and resizes are seen only "
                        + "through ConfigureNotify"));
            }
            this.randrFirstEvent = randr;
            // ConfigureNotify on the root too: the server sends it when RandR 1.5 monitors are added or deleted,
            // which raise no RandR event of their own (and it is all there is without RandR).
            try (Arena temp = Arena.ofConfined()) {
                int cookie = (int) Xcb.CHANGE_WINDOW_ATTRIBUTES_CHECKED.invokeExact(conn.pointer(), conn.root(),
                        Xcb.CW_EVENT_MASK, temp.allocateFrom(JAVA_INT, Xcb.EVENT_MASK_STRUCTURE_NOTIFY));
                conn.check(cookie, "ChangeWindowAttributes(root, event_mask=StructureNotify)");
            }
            this.area = new CaptureArea(conn, options.region(), options.monitor());
            this.width = area.width();
            this.height = area.height();
            String noDamage = DamageTracker.unavailableReason(conn);
            if (!options.changeTracking()) {
                found.add(Feature.off("damage", "changeTracking(false) asked for: full-frame polling"));
            } else if (noDamage != null) {
                found.add(Feature.off("damage", noDamage + "; capturing full frames instead"));
            } else {
                d = DamageTracker.create(conn);
                found.add(Feature.on("damage", "DAMAGE + XFIXES: only changed areas are copied"));
            }
            String noCursor = CursorTracker.unavailableReason(conn);
            if (noCursor != null) {
                found.add(Feature.off("cursor", noCursor + (cursorMode == CursorMode.NONE ? ""
                        : "; frames carry no cursor although cursor=" + cursorMode + " was asked for")));
            } else {
                if (cursorMode != CursorMode.NONE) {
                    c = CursorTracker.create(conn);
                }
                found.add(Feature.on("cursor", "XFIXES" + (cursorMode == CursorMode.NONE ? " (cursor=NONE asked for)"
                        : ", cursor=" + cursorMode)));
            }
            found.add(useFd ? Feature.on("fd-passing", "MIT-SHM " + shmVersion[0] + "." + shmVersion[1]
                    + ": memfd slots") : Feature.off("fd-passing", "MIT-SHM " + shmVersion[0] + "." + shmVersion[1]
                    + (Boolean.getBoolean(SYSV_PROPERTY) ? " (-D" + SYSV_PROPERTY + "=true)" : " has no fd passing")
                    + ": SysV segments, marked for removal at once"));
            copy = new SubImageCopier(conn, useFd);
            if (d != null) {
                copy.resize(width, height);
            }
        } catch (Throwable t) {
            Closer closer = new Closer();
            if (copy != null) {
                closer.run(copy::close);
            }
            if (d != null) {
                closer.run(d::close);
            }
            closer.run(events::close);
            RuntimeException e = NativeRuntime.rethrow(t);
            closer.finishInto(e);
            throw e;
        }
        this.damage = d;
        this.cursor = c;
        this.compositor = cursorMode == CursorMode.COMPOSITED && c != null ? new CursorCompositor() : null;
        this.copier = copy;
        this.features = List.copyOf(found);
    }

    /**
     * Connects to the options' display and checks that it can be captured: 32-bit TrueColor, MIT-SHM present, the
     * region (or monitor) within the screen.
     */
    static X11Source open(CaptureOptions options, SourceContext context) {
        options.checkConsistent();
        X11Connection conn = X11Connection.connect(options.effectiveDisplay(), options.xauthority());
        try {
            conn.requireBgra32();
            if (options.region() != null) {
                options.region().checkWithin(conn.width(), conn.height());
            }
            return new X11Source(conn, options, context, MitShm.version(conn));
        } catch (RuntimeException | Error e) {
            conn.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return CaptureOptions.SOURCE_X11;
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
        return damage != null;
    }

    @Override
    public boolean zeroCopy() {
        for (SlotTarget t : targets) {
            if (t != null && !t.zeroCopy) {
                return false;
            }
        }
        return true;
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    /** Whether the slots were attached by fd passing (memfds or a shared ring's file), for diagnostics. */
    boolean usesFdPassing() {
        for (SlotTarget t : targets) {
            if (t != null && !t.fdPassing()) {
                return false;
            }
        }
        return useFd;
    }

    // ---- slots -------------------------------------------------------------------------------------------------

    @Override
    public void attach(SlotWriter slot) {
        bindNew(slot);
    }

    /** Gives {@code slot} memory at the current size (it is not held: nobody reads what it had). */
    private void bindNew(SlotWriter slot) {
        int i = slot.index();
        long size = (long) width * height * 4;
        SlotTarget old = targets[i];
        SlotTarget target = externalMemory == null ? SlotTarget.own(conn, size, useFd)
                : SlotTarget.external(conn, externalMemory.allocate(i, width, height, width * 4), size, useFd, files);
        targets[i] = target;
        if (externalMemory == null) {
            useFd = target.fdPassing(); // the server refused a memfd: SysV from now on
        }
        generations[i] = area.generation();
        debts.of(i).oweEverything();
        slot.bind(target.memory, width, height, width * 4);
        slot.cursor().clear();
        if (old != null) {
            old.close();
        }
    }

    // ---- events and geometry -----------------------------------------------------------------------------------

    @Override
    public void onEvent(int type, long event) {
        if (damage != null && damage.onEvent(type, event)) {
            return;
        }
        if (cursor != null && cursor.onEvent(type, event)) {
            return;
        }
        if (randrFirstEvent >= 0 && type == randrFirstEvent + XcbRandr.SCREEN_CHANGE_NOTIFY) {
            area.screenSize(
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbRandr.SCREEN_CHANGE_WIDTH)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbRandr.SCREEN_CHANGE_HEIGHT)));
            screenChanged = true;
        } else if (randrFirstEvent >= 0 && type == randrFirstEvent + XcbRandr.NOTIFY) { // a crtc or output changed
            screenChanged = true;
        } else if (type == Xcb.CONFIGURE_NOTIFY
                && NativeMemory.ALL.get(JAVA_INT, event + Xcb.CONFIGURE_WINDOW) == conn.root()) {
            area.screenSize(Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + Xcb.CONFIGURE_WIDTH)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + Xcb.CONFIGURE_HEIGHT)));
            screenChanged = true;
        }
    }

    private void drainEvents() {
        events.drain(this);
        if (screenChanged) {
            screenChanged = false;
            if (area.resolve()) {
                width = area.width();
                height = area.height();
                if (damage != null) {
                    copier.resize(width, height);
                }
            }
            fullPending = true; // content may have moved: every slot fetches everything
        }
    }

    // ---- frames ------------------------------------------------------------------------------------------------

    /** With change tracking a fill blocks in poll(2) on the X fd and an eventfd that wakeUp() signals: wait long. */
    @Override
    public long maxWaitNanos() {
        return damage != null ? 1_000_000_000L : CaptureSource.super.maxWaitNanos();
    }

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        long deadline = clock.nanoTime() + timeoutNanos;
        drainEvents();
        if (damage == null) {
            return fillFull(slot);
        }
        batch.clear();
        while (!fullPending) {
            if (damage.isDamaged()) {
                damage.collect(area.x(), area.y(), width, height, batch);
                if (!batch.isEmpty()) {
                    break;
                }
                // The change was outside the captured area. The collect round trip may have queued new events
                // inside xcb without leaving the socket readable, so drain before polling again.
                drainEvents();
                continue;
            }
            if (!events.await(deadline)) {
                return false;
            }
            drainEvents();
        }
        if (generations[slot.index()] != area.generation()) {
            bindNew(slot);
        }
        slot.dirty().clear();
        if (fullPending) {
            damage.discard(); // cleared before the pixels are read, so nothing after this is missed
            debts.oweEverythingAll();
            slot.setFullyDirty();
        } else {
            debts.oweAll(batch);
            slot.dirty().addAll(batch);
        }
        long bytes;
        try {
            bytes = bringUpToDate(slot);
        } catch (XRequestException e) {
            if (!screenShrankUnder(e)) {
                throw e;
            }
            return false; // every slot fetches everything at the new size on the next fill
        }
        finishFrame(slot, bytes, damage.serverTime());
        return true;
    }

    /**
     * A read failed with BadMatch: the screen may have shrunk after the damage was collected and before its event
     * reached us. A round trip brings every event the server sent before it; if one says the screen changed, the
     * error was that race, and the next fill starts over at the new size.
     */
    private boolean screenShrankUnder(XRequestException e) {
        if (e.errorCode() != XRequestException.BAD_MATCH) {
            return false;
        }
        conn.sync();
        events.drain(this);
        boolean changed = screenChanged;
        drainEvents(); // when changed: works out the new area, bumps the generation, marks everything to fetch
        return changed;
    }

    @Override
    public boolean fillRepeat(SlotWriter slot) {
        drainEvents();
        if (damage == null || fullPending || damage.isDamaged() || generations[slot.index()] != area.generation()) {
            return fill(slot, 0);
        }
        slot.dirty().clear();
        long bytes = bringUpToDate(slot); // nothing when the slot was the last one filled
        finishFrame(slot, bytes, damage.serverTime());
        slot.repeat(slot.dirty().isEmpty());
        return true;
    }

    private boolean fillFull(SlotWriter slot) {
        if (generations[slot.index()] != area.generation()) {
            bindNew(slot);
        }
        long bytes;
        try {
            bytes = copier.copyWhole(targets[slot.index()], area.x(), area.y(), width, height);
        } catch (XRequestException e) {
            if (!screenShrankUnder(e)) {
                throw e;
            }
            return false;
        }
        debts.of(slot.index()).settle();
        slot.dirty().clear();
        slot.setFullyDirty();
        finishFrame(slot, bytes, 0);
        return true;
    }

    private void finishFrame(SlotWriter slot, long bytes, long serverTime) {
        if (cursor != null) {
            cursor.update();
            boolean shapeChanged = cursor.applyTo(slot.cursor(), area.x(), area.y(), width, height);
            if (compositor != null) {
                bytes += compositor.composite(cursor, shapeChanged, slot, debts.of(slot.index()), area.x(), area.y(),
                        width, height, fullPending);
            }
        }
        slot.serverTimeMillis(serverTime);
        slot.timestampNanos(clock.nanoTime());
        slot.bytesWritten(bytes);
        fullPending = false;
    }

    /** Fetches everything {@code slot} is behind on; returns the bytes moved into it. */
    private long bringUpToDate(SlotWriter slot) {
        SlotDebt debt = debts.of(slot.index());
        SlotTarget target = targets[slot.index()];
        long bytes;
        if (debt.isEverything()) {
            bytes = copier.copyWhole(target, area.x(), area.y(), width, height);
        } else {
            RectSet owed = debt.areas();
            bytes = 0;
            int stride = width * 4;
            for (int i = 0; i < owed.count(); i++) {
                bytes += copier.copy(target, area.x(), area.y(), width, stride, owed.x(i), owed.y(i), owed.width(i),
                        owed.height(i));
            }
        }
        debt.settle();
        return bytes;
    }

    @Override
    public void wakeUp() {
        events.wakeUp();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Closer closer = new Closer();
        if (damage != null) {
            closer.run(damage::close);
        }
        for (SlotTarget t : targets) {
            if (t != null) {
                closer.run(t::close);
            }
        }
        closer.run(copier::close);
        closer.run(events::close);
        closer.run(conn::close);
        closer.finish();
    }
}
