package dev.deskdup.source.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Monitor;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.frame.FrameRing;
import dev.deskdup.frame.FrameSlot;
import dev.deskdup.frame.RectSet;
import dev.deskdup.source.Source;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Captures an X11 screen through MIT-SHM: each slot is shared memory attached to the X server, and
 * {@code ShmGetImage} makes the server write the pixels straight into it (see {@link ShmSegment}).
 *
 * <h2>Two modes</h2>
 * <ul>
 * <li><b>Change tracking</b> (default when DAMAGE and XFIXES are present, see {@link DamageTracker}): a fill waits
 *     on the connection's socket until something in the captured area changed, then copies only what the slot is
 *     behind on: every slot keeps the rectangles damaged since it was last filled, and each is fetched with a
 *     sub-rectangle {@code ShmGetImage} into a scratch segment (where it lands packed) and copied row by row into
 *     place. Rectangles spanning the full width land directly in the slot. Bytes moved scale with the change.</li>
 * <li><b>Full frame</b> ({@code changeTracking(false)} or no DAMAGE): every fill is one {@code ShmGetImage} of the
 *     whole area straight into the slot; the frame is fully dirty.</li>
 * </ul>
 *
 * <h2>Resize</h2>
 * RandR events mark the area stale; the next fill re-resolves it (whole screen, region, or monitor — a vanished
 * monitor is a {@link CaptureException}). When its size changed, slots are rebuilt lazily: each one gets new shared
 * memory when it is next claimed, so a frame the consumer holds keeps its old memory and no frame mixes sizes.
 */
public final class X11Source implements Source, X11Events.Handler {

    /** Diagnostic switch: {@code -Ddeskdup.x11.sysvShm=true} uses SysV segments even where fd passing works. */
    public static final String SYSV_PROPERTY = "deskdup.x11.sysvShm";
    private static final short RANDR_EVENTS = (short) (XcbRandr.NOTIFY_MASK_SCREEN_CHANGE | 2 | 4);

    /** What the source keeps per slot: its shared memory and what it is behind on. */
    private static final class SlotState {
        ShmSegment shm;
        int generation;
        final RectSet behind = new RectSet(FrameSlot.MAX_DIRTY_RECTS);
    }

    private final X11Connection x;
    private final Region fixedRegion;
    private final String monitorName;
    private final CursorMode cursorMode;
    private boolean useFd;
    private final X11Events events;
    private final DamageTracker damage;
    private final CursorTracker cursor;
    private final int randrFirstEvent;
    private final List<SlotState> states = new ArrayList<>();
    private final RectSet batch = new RectSet(FrameSlot.MAX_DIRTY_RECTS);
    private final CursorCompositor compositor;
    private SubImageCopier copier;
    private int areaX;
    private int areaY;
    private volatile int width;
    private volatile int height;
    private int screenWidth;
    private int screenHeight;
    private int generation;
    private boolean screenChanged;
    private boolean fullPending = true;
    private boolean sizeChangePending;
    private boolean firstFrame = true;
    private volatile boolean closed;

    private X11Source(X11Connection x, CaptureOptions options, int[] shmVersion) {
        this.x = x;
        this.fixedRegion = options.region();
        this.monitorName = options.monitor();
        this.cursorMode = options.cursor();
        // fd passing (xcb_shm_attach_fd) came with MIT-SHM 1.2
        this.useFd = (shmVersion[0] > 1 || (shmVersion[0] == 1 && shmVersion[1] >= 2))
                && !Boolean.getBoolean(SYSV_PROPERTY);
        this.screenWidth = x.width();
        this.screenHeight = x.height();
        this.events = new X11Events(x);
        DamageTracker d = null;
        CursorTracker c = null;
        try {
            int randr = -1;
            if (MonitorList.available(x)) {
                int cookie = (int) XcbRandr.SELECT_INPUT_CHECKED.invokeExact(x.pointer(), x.root(), RANDR_EVENTS);
                x.check(cookie, "RRSelectInput");
                randr = x.extension(XcbRandr.EXTENSION_ID).firstEvent();
            } else if (monitorName != null) {
                throw new CaptureException("monitor=" + monitorName + " asked for, but display=" + x.display()
                        + " has no RandR 1.5 to list monitors (capture a region instead)");
            }
            this.randrFirstEvent = randr;
            // ConfigureNotify on the root too: the server sends it when RandR 1.5 monitors are added or deleted,
            // which raise no RandR event of their own.
            try (java.lang.foreign.Arena temp = java.lang.foreign.Arena.ofConfined()) {
                int cookie = (int) Xcb.CHANGE_WINDOW_ATTRIBUTES_CHECKED.invokeExact(x.pointer(), x.root(),
                        Xcb.CW_EVENT_MASK, temp.allocateFrom(java.lang.foreign.ValueLayout.JAVA_INT,
                                Xcb.EVENT_MASK_STRUCTURE_NOTIFY));
                x.check(cookie, "ChangeWindowAttributes(root, event_mask=StructureNotify)");
            }
            resolveArea();
            if (options.changeTracking() && DamageTracker.available(x)) {
                d = DamageTracker.create(x);
            }
            if (cursorMode != CursorMode.NONE) {
                c = CursorTracker.create(x);
            }
        } catch (RuntimeException | Error e) {
            events.close();
            throw e;
        } catch (Throwable t) {
            events.close();
            throw new AssertionError(t);
        }
        this.damage = d;
        this.cursor = c;
        this.compositor = cursorMode == CursorMode.COMPOSITED ? new CursorCompositor() : null;
        this.copier = new SubImageCopier(x, useFd);
        if (damage != null) {
            copier.resize(width, height);
        }
    }

    /**
     * Connects to the options' display and checks that it can be captured: 32-bit TrueColor, MIT-SHM present, the
     * region (or monitor) within the screen.
     */
    public static Source open(CaptureOptions options) {
        if (options.region() != null && options.monitor() != null) {
            throw new IllegalArgumentException("region=" + options.region() + " and monitor=" + options.monitor()
                    + " both given (choose one: a monitor is a region of the screen)");
        }
        X11Connection x = X11Connection.connect(options.effectiveDisplay());
        try {
            x.requireBgra32();
            if (options.region() != null) {
                options.region().checkWithin(x.width(), x.height());
            }
            return new X11Source(x, options, MitShm.version(x));
        } catch (RuntimeException | Error e) {
            x.close();
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

    /** Whether the X11 capture behind {@code capture} attached its slots by fd passing. */
    public static boolean usesFdPassing(ScreenCapture capture) {
        return capture instanceof FrameRing ring && ring.source() instanceof X11Source x11 && x11.useFd;
    }

    /** Whether the X11 capture behind {@code capture} tracks changes with DAMAGE. */
    public static boolean tracksChanges(ScreenCapture capture) {
        return capture instanceof FrameRing ring && ring.source() instanceof X11Source x11 && x11.damage != null;
    }

    // ---- slots -------------------------------------------------------------------------------------------------

    @Override
    public void attach(FrameSlot slot) {
        SlotState st = new SlotState();
        states.add(st);
        slot.sourceState(st);
        bindNew(slot, st);
    }

    private void bindNew(FrameSlot slot, SlotState st) {
        ShmSegment shm = ShmSegment.create(x, (long) width * height * 4, useFd);
        useFd = shm.fdPassing;
        st.shm = shm;
        st.generation = generation;
        st.behind.set(0, 0, width, height);
        slot.bind(shm.memory, width, height, width * 4);
        slot.cursor().clear();
    }

    /** A slot claimed after a resize: new memory at the new size (it is not held, so nobody reads the old). */
    private void rebuild(FrameSlot slot, SlotState st) {
        ShmSegment old = st.shm;
        bindNew(slot, st);
        old.close();
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
            screenWidth = Short.toUnsignedInt(Xcb.NATIVE.get(JAVA_SHORT, event + XcbRandr.SCREEN_CHANGE_WIDTH));
            screenHeight = Short.toUnsignedInt(Xcb.NATIVE.get(JAVA_SHORT, event + XcbRandr.SCREEN_CHANGE_HEIGHT));
            screenChanged = true;
        } else if (randrFirstEvent >= 0 && type == randrFirstEvent + 1) { // RRNotify: crtc/output changed
            screenChanged = true;
        } else if (type == Xcb.CONFIGURE_NOTIFY
                && Xcb.NATIVE.get(java.lang.foreign.ValueLayout.JAVA_INT, event + Xcb.CONFIGURE_WINDOW) == x.root()) {
            screenWidth = Short.toUnsignedInt(Xcb.NATIVE.get(JAVA_SHORT, event + Xcb.CONFIGURE_WIDTH));
            screenHeight = Short.toUnsignedInt(Xcb.NATIVE.get(JAVA_SHORT, event + Xcb.CONFIGURE_HEIGHT));
            screenChanged = true;
        }
    }

    /** Works out the captured area (whole screen, region or monitor) from the current screen. */
    private void resolveArea() {
        int nx, ny, nw, nh;
        if (monitorName != null) {
            Monitor m = MonitorList.find(MonitorList.query(x), monitorName);
            if (m == null) {
                if (width == 0) {
                    MonitorList.require(x, monitorName); // throws, listing what there is
                }
                throw new CaptureException("monitor=" + monitorName + " disappeared from display=" + x.display()
                        + " while capturing (it was unplugged or reconfigured; open a new capture on another monitor "
                        + "or the whole screen)");
            }
            Region r = clipToScreen(m.region());
            nx = r.x();
            ny = r.y();
            nw = r.width();
            nh = r.height();
        } else if (fixedRegion != null) {
            if (!fixedRegion.fitsIn(screenWidth, screenHeight)) {
                throw new CaptureException("region=" + fixedRegion + " no longer fits the screen=" + screenWidth + "x"
                        + screenHeight + " of display=" + x.display() + " after a resize (open a new capture with a "
                        + "region inside the new screen)");
            }
            nx = fixedRegion.x();
            ny = fixedRegion.y();
            nw = fixedRegion.width();
            nh = fixedRegion.height();
        } else {
            nx = 0;
            ny = 0;
            nw = screenWidth;
            nh = screenHeight;
        }
        areaX = nx;
        areaY = ny;
        if (nw != width || nh != height) {
            boolean initial = width == 0;
            width = nw;
            height = nh;
            if (!initial) {
                generation++;
                sizeChangePending = true;
                if (damage != null) {
                    copier.resize(width, height);
                }
            }
        }
    }

    private Region clipToScreen(Region r) {
        int x0 = Math.max(0, r.x()), y0 = Math.max(0, r.y());
        int x1 = Math.min(screenWidth, r.right()), y1 = Math.min(screenHeight, r.bottom());
        if (x1 <= x0 || y1 <= y0) {
            throw new CaptureException("monitor=" + monitorName + " at " + r + " lies off the screen=" + screenWidth
                    + "x" + screenHeight + " of display=" + x.display() + " (check xrandr --listmonitors)");
        }
        return Region.of(x0, y0, x1 - x0, y1 - y0);
    }

    private void drainEvents() {
        events.drain(this);
        if (screenChanged) {
            screenChanged = false;
            resolveArea();
            fullPending = true; // content may have moved: every slot refetches everything
        }
    }

    // ---- frames ------------------------------------------------------------------------------------------------

    /** With change tracking a fill blocks in poll(2) on the X fd and an eventfd that wakeUp() signals: wait long. */
    @Override
    public long maxWaitNanos() {
        return damage != null ? 1_000_000_000L : Source.super.maxWaitNanos();
    }

    @Override
    public boolean fill(FrameSlot slot, long timeoutNanos) {
        SlotState st = (SlotState) slot.sourceState();
        long deadline = System.nanoTime() + timeoutNanos;
        drainEvents();
        if (damage == null) {
            return fillFull(slot, st);
        }
        batch.clear();
        while (!fullPending) {
            if (damage.isDamaged()) {
                damage.collect(areaX, areaY, width, height, batch);
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
        if (st.generation != generation) {
            rebuild(slot, st);
        }
        slot.clearDirty();
        if (fullPending) {
            damage.discard(); // cleared before the pixels are read, so nothing after this is missed
            for (int i = 0; i < states.size(); i++) {
                states.get(i).behind.set(0, 0, width, height);
            }
            slot.setFullyDirty();
        } else {
            for (int i = 0; i < states.size(); i++) {
                states.get(i).behind.addAll(batch);
            }
            slot.dirty().addAll(batch);
        }
        long bytes;
        try {
            bytes = bringUpToDate(st);
        } catch (XRequestException e) {
            if (!screenShrankUnder(e)) {
                throw e;
            }
            return false; // every slot refetches everything at the new size on the next fill
        }
        finishFrame(slot, st, bytes, damage.serverTime());
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
        x.sync();
        events.drain(this);
        boolean changed = screenChanged;
        drainEvents(); // when changed: resolves the new area, bumps the generation, marks everything to refetch
        return changed;
    }

    @Override
    public boolean fillRepeat(FrameSlot slot) {
        SlotState st = (SlotState) slot.sourceState();
        drainEvents();
        if (damage == null || fullPending || damage.isDamaged() || st.generation != generation) {
            return fill(slot, 0);
        }
        slot.clearDirty();
        long bytes = bringUpToDate(st); // nothing when the slot was the last one filled
        finishFrame(slot, st, bytes, damage.serverTime());
        slot.repeat(slot.dirty().isEmpty());
        return true;
    }

    private boolean fillFull(FrameSlot slot, SlotState st) {
        if (st.generation != generation) {
            rebuild(slot, st);
        }
        try {
            copier.getImage(areaX, areaY, width, height, st.shm.id, 0);
        } catch (XRequestException e) {
            if (!screenShrankUnder(e)) {
                throw e;
            }
            return false;
        }
        st.behind.clear();
        slot.clearDirty();
        slot.setFullyDirty();
        finishFrame(slot, st, (long) width * height * 4, 0);
        return true;
    }

    private void finishFrame(FrameSlot slot, SlotState st, long bytes, long serverTime) {
        if (cursor != null) {
            cursor.update();
            cursor.applyTo(slot.cursor(), areaX, areaY, width, height);
            if (compositor != null) {
                bytes += compositor.composite(cursor, slot, st.behind, areaX, areaY, width, height, fullPending);
            }
        }
        slot.sizeChanged(sizeChangePending && !firstFrame);
        slot.repeat(false);
        slot.serverTimeMillis(serverTime);
        slot.timestampNanos(System.nanoTime());
        slot.bytesWritten(bytes);
        sizeChangePending = false;
        fullPending = false;
        firstFrame = false;
    }

    /** Fetches every rectangle {@code st} is behind on; returns the bytes moved into the slot. */
    private long bringUpToDate(SlotState st) {
        RectSet b = st.behind;
        long bytes = 0;
        int stride = width * 4;
        for (int i = 0; i < b.count(); i++) {
            bytes += copier.copy(st.shm, areaX, areaY, width, stride, b.x(i), b.y(i), b.width(i), b.height(i));
        }
        b.clear();
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
        try {
            if (damage != null) {
                damage.close();
            }
            for (SlotState st : states) {
                if (st.shm != null) {
                    st.shm.close();
                }
            }
            if (copier != null) {
                copier.close();
            }
        } finally {
            states.clear();
            events.close();
            x.close();
        }
    }
}
