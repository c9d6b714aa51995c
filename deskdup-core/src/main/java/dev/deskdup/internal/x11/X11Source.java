package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Feature;
import dev.deskdup.internal.os.Closer;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.CursorOverlay;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.RectSet;
import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotWriter;
import dev.deskdup.spi.SourceContext;

import java.util.List;


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
 * <h2>Window mode</h2>
 * With {@code window(...)} the area is one window ({@link WindowTarget}): its Composite pixmap is read instead of the
 * root window, DAMAGE and the cursor are relative to it, a resize is handled like a screen resize, and while it is
 * unmapped no frames come.
 *
 * <h2>Pointer motion</h2>
 * With a cursor mode other than NONE and change tracking, a pointer moving over an idle screen makes frames whose
 * only change is the cursor ({@link PointerMotion}).
 *
 * <h2>Resize</h2>
 * RandR events mark the area stale; the next fill works it out again ({@link CaptureArea}: whole screen, region or
 * monitor, a vanished monitor is a {@link CaptureException}). When its size changed, slots are rebuilt lazily: each
 * one gets new memory when it is next filled, so a frame the consumer holds keeps its old memory and no frame
 * mixes sizes. Screen changes are applied before anything read in the same round trip is used: events that came
 * with the damage region are handled before the region, and a change that came with the pixels makes the frame be
 * read again at the new size (else a shrink's own damage, the new screen, could land in a slot of the old size).
 *
 * <h2>A server that does not answer</h2>
 * Every wait for a reply is bounded ({@link X11Replies}): a fill returns by its timeout even while the server is
 * stopped, a server silent for {@link X11Replies#UNRESPONSIVE_NANOS} is a {@link CaptureException} naming it, and
 * {@link #close()} sends nothing and waits for nothing.
 */
public final class X11Source implements CaptureSource, X11Events.Handler {

    /** Diagnostic switch: {@code -Ddeskdup.x11.sysvShm=true} uses SysV segments even where fd passing works. */
    public static final String SYSV_PROPERTY = "deskdup.x11.sysvShm";

    private final X11Connection conn;
    private final NanoClock clock;
    private final X11Slots slots;
    private final CaptureArea area;
    private final X11Events events;
    private final DamageTracker damage;
    private final CursorTracker cursor;
    private final CursorOverlay overlay;
    /** The captured window, or null for the screen. */
    private final WindowTarget window;
    /** Pointer motion events, or null (cursor NONE, full-frame mode, or no XInput 2). */
    private final PointerMotion motion;
    /** Whether the cursor was read for the frame being made (a cursor-only frame), so finishFrame need not. */
    private boolean cursorFresh;
    private final int randrFirstEvent;
    private final List<Feature> features;
    private final RectSet batch = new RectSet(SlotWriter.MAX_DIRTY_RECTS);
    private final SubImageCopier copier;
    private volatile int width;
    private volatile int height;
    private boolean screenChanged;
    /** The area's size changed and the copier's scratch is not resized yet. */
    private boolean scratchStale;
    /** The screen changed and the captured window has not been followed yet (window mode). */
    private boolean windowStale;
    private boolean fullPending = true;
    private volatile boolean closed;

    private X11Source(X11Connection conn, CaptureOptions options, SourceContext context, int[] shmVersion) {
        this.conn = conn;
        this.clock = context.clock();
        // fd passing (xcb_shm_attach_fd) came with MIT-SHM 1.2
        boolean useFd = (shmVersion[0] > 1 || (shmVersion[0] == 1 && shmVersion[1] >= 2))
                && !Boolean.getBoolean(SYSV_PROPERTY);
        this.slots = new X11Slots(conn, context.slots(), context.memory(), useFd);
        this.events = new X11Events(conn, clock);
        X11Parts parts;
        try {
            parts = X11Parts.open(conn, options, useFd, shmVersion);
        } catch (RuntimeException | Error e) {
            events.close();
            throw e;
        }
        this.randrFirstEvent = parts.randrFirstEvent;
        this.window = parts.window;
        this.area = parts.area;
        this.damage = parts.damage;
        this.cursor = parts.cursor;
        this.overlay = parts.overlay;
        this.motion = parts.motion;
        this.copier = parts.copier;
        this.features = List.copyOf(parts.features);
        this.width = area.width();
        this.height = area.height();
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
        return slots.zeroCopy();
    }

    @Override
    public List<Feature> features() {
        return features;
    }

    @Override
    public void attach(SlotWriter slot) {
        slots.bind(slot, area);
    }

    // ---- events and geometry -----------------------------------------------------------------------------------

    @Override
    public void onEvent(int type, long event) {
        if (damage != null && damage.onEvent(type, event)) {
            return;
        }
        if (window != null && window.onEvent(type, event, damage)) {
            screenChanged |= window.takeChanged(); // a move alone changes nothing
            return;
        }
        if (motion != null && motion.onEvent(type, event)) {
            return;
        }
        if (cursor != null && cursor.onEvent(type, event)) {
            return;
        }
        screenChanged |= area.onScreenEvent(type, event, randrFirstEvent);
    }

    private void drainEvents() {
        events.drain(this);
        applyScreenChange();
    }

    /**
     * After events said the screen changed: works out the area again and marks everything to fetch. A step that
     * could not finish (a reply given up on) is done on the next call: the change is forgotten only once applied.
     */
    private void applyScreenChange() {
        if (screenChanged) {
            if (area.resolve()) {
                width = area.width();
                height = area.height();
                scratchStale = damage != null;
            }
            screenChanged = false;
            windowStale = window != null;
            fullPending = true; // content may have moved: every slot fetches everything
        }
        if (scratchStale) {
            copier.resize(width, height);
            scratchStale = false;
        }
        if (windowStale) {
            window.follow(copier, damage); // its pixmap may have been named again
            windowStale = false;
        }
        if (window != null) {
            window.checkAlive();
        }
    }

    /**
     * Reading pixels is over: were any events the server sent before the last reply a screen change? Then the
     * pixels may be of the screen after the change, in a slot of the size before it: the change is applied and the
     * frame must be read again.
     */
    private boolean screenChangedWhileReading() {
        events.drainQueued(this);
        if (!screenChanged) {
            return false;
        }
        applyScreenChange();
        return true;
    }

    // ---- frames ------------------------------------------------------------------------------------------------

    /** With change tracking a fill blocks in poll(2) on the X fd and an eventfd that wakeUp() signals: wait long. */
    @Override
    public long maxWaitNanos() {
        return damage != null ? 1_000_000_000L : CaptureSource.super.maxWaitNanos();
    }

    @Override
    public boolean fill(SlotWriter slot, long timeoutNanos) {
        return fillBounded(slot, timeoutNanos, false);
    }

    @Override
    public boolean fillRepeat(SlotWriter slot) {
        return fillBounded(slot, 0, true);
    }

    /**
     * A fill whose every wait for the server ends by the timeout ({@link X11Replies}): a server that does not
     * answer in time (frozen, hung) means no frame now, and the next fill fetches everything, since what the
     * requests given up on would have said is unknown.
     */
    private boolean fillBounded(SlotWriter slot, long timeoutNanos, boolean repeat) {
        X11Replies replies = conn.replies();
        try {
            replies.begin(timeoutNanos);
            long deadline = clock.nanoTime() + timeoutNanos;
            return repeat ? fillRepeatNow(slot) : fillNow(slot, deadline);
        } catch (X11Replies.Abandoned e) {
            fullPending = true;
            return false;
        } finally {
            replies.end();
        }
    }

    private boolean fillNow(SlotWriter slot, long deadline) {
        drainEvents();
        if (!awaitCapturable(deadline)) {
            return false;
        }
        if (damage == null) {
            return fillFull(slot, deadline);
        }
        while (true) {
            batch.clear();
            while (!fullPending) {
                if (!awaitCapturable(deadline)) {
                    return false;
                }
                if (fullPending) {
                    break; // mapped again: everything
                }
                if (damage.isDamaged()) {
                    damage.collect(area.x(), area.y(), width, height, batch);
                    // The events the server sent before the region came with it: a screen change among them means
                    // the region (the resize's own damage, say) is not of the area we hold. It ends the loop: then
                    // everything is fetched at the new size.
                    events.drainQueued(this);
                    applyScreenChange();
                    if (!batch.isEmpty()) {
                        break;
                    }
                    // The change was outside the captured area. The collect round trip may have queued new events
                    // inside xcb without leaving the socket readable, so drain before polling again.
                    drainEvents();
                    continue;
                }
                if (cursorAloneChanged()) {
                    break; // a frame whose only change is the cursor
                }
                if (!events.await(deadline)) {
                    return false;
                }
                drainEvents();
            }
            slots.bindIfStale(slot, area);
            slot.dirty().clear();
            if (fullPending) {
                damage.discard(); // cleared before the pixels are read, so nothing after this is missed
                slots.debts().oweEverythingAll();
                slot.setFullyDirty();
            } else {
                slots.debts().oweAll(batch);
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
            if (screenChangedWhileReading()) {
                if (clock.nanoTime() - deadline > 0) {
                    return false; // in a storm of changes: the next fill reads everything at the newest size
                }
                continue;
            }
            finishFrame(slot, bytes, damage.serverTime());
            return true;
        }
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

    /** Window mode: waits while the window is unmapped (no frames then); false when the deadline passed first. */
    private boolean awaitCapturable(long deadline) {
        while (window != null && !window.capturable()) {
            if (!events.await(deadline)) {
                return false;
            }
            drainEvents();
        }
        return true;
    }

    /** Whether the pointer moved (or the cursor changed shape) so that the next frame shows it differently. */
    private boolean cursorAloneChanged() {
        if (motion == null || !(motion.takeMoved() | cursor.shapeStale())) {
            return false;
        }
        cursor.update();
        cursorFresh = true;
        return cursor.changesFrame(area.x(), area.y(), width, height);
    }

    private boolean fillRepeatNow(SlotWriter slot) {
        drainEvents();
        if (window != null && !window.capturable()) {
            // Unmapped: no repeats either. Wait a little for it to come back (the ring would else ask again at
            // once); wakeUp() ends the wait, so stop and close are not held up.
            awaitCapturable(clock.nanoTime() + 40_000_000L);
            return window.capturable() && fillNow(slot, clock.nanoTime());
        }
        if (damage == null || fullPending || damage.isDamaged() || slots.isStale(slot, area)) {
            return fillNow(slot, clock.nanoTime());
        }
        slot.dirty().clear();
        long bytes = bringUpToDate(slot); // nothing when the slot was the last one filled
        if (screenChangedWhileReading()) {
            return fillNow(slot, clock.nanoTime());
        }
        finishFrame(slot, bytes, damage.serverTime());
        slot.repeat(slot.dirty().isEmpty());
        return true;
    }

    private boolean fillFull(SlotWriter slot, long deadline) {
        while (true) {
            slots.bindIfStale(slot, area);
            long bytes;
            try {
                bytes = copier.copyWhole(slots.target(slot), area.x(), area.y(), width, height);
            } catch (XRequestException e) {
                if (!screenShrankUnder(e)) {
                    throw e;
                }
                return false;
            }
            if (screenChangedWhileReading()) {
                if (clock.nanoTime() - deadline > 0) {
                    return false;
                }
                continue;
            }
            slots.debt(slot).settle();
            slot.dirty().clear();
            slot.setFullyDirty();
            finishFrame(slot, bytes, 0);
            return true;
        }
    }

    private void finishFrame(SlotWriter slot, long bytes, long serverTime) {
        if (cursor != null) {
            if (!cursorFresh) {
                cursor.update();
            }
            cursorFresh = false;
            boolean shapeChanged = cursor.applyTo(slot.cursor(), area.x(), area.y(), width, height);
            if (overlay != null && overlay.place(slot, cursor.imageLeft() - area.x(), cursor.imageTop() - area.y(),
                    cursor.width(), cursor.height(), cursor.onScreen(), shapeChanged, fullPending)) {
                bytes += overlay.blend(cursor.pixels(), cursor.width(), slot, slots.debt(slot));
            }
        }
        slot.serverTimeMillis(serverTime);
        slot.timestampNanos(clock.nanoTime());
        slot.bytesWritten(bytes);
        fullPending = false;
    }

    /** Fetches everything {@code slot} is behind on; returns the bytes moved into it. */
    private long bringUpToDate(SlotWriter slot) {
        SlotDebt debt = slots.debt(slot);
        SlotTarget target = slots.target(slot);
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
    public String state() {
        return closed ? "closed" : window != null ? window.state() : CaptureSource.super.state();
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
        // Disconnect first: the server frees our segments, damage and region itself, so nothing below sends a
        // request or waits for one (a frozen server cannot hold close). The ring has made sure no fill runs.
        closer.run(conn::close);
        if (damage != null) {
            closer.run(damage::close);
        }
        if (motion != null) {
            closer.run(motion::close);
        }
        if (window != null) {
            closer.run(window::close);
        }
        slots.close(closer);
        closer.run(copier::close);
        closer.run(events::close);
        closer.finish();
    }
}
