package dev.deskdup.internal.x11;

import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.Libc;
import dev.deskdup.spi.RectSet;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What changed on the screen, from the DAMAGE extension: a damage object on the root window at the
 * {@code NonEmpty} level (one event when it goes from clean to damaged, not one per drawing), whose accumulated
 * region is moved into an XFIXES region and fetched as rectangles when a frame is made.
 *
 * <p>Order matters and is kept here: subtract-and-fetch first (one round trip, so the server has cleared the damage
 * before we read pixels), then read pixels. A change that lands after the subtract raises a new event and is
 * captured again next frame; none is lost.
 *
 * <p>A captured window's pixmap is tracked at the raw level instead ({@link #retarget}, {@link RawDamage}), so that
 * the whole-window damage Composite reports for a mere move can be told from drawing.
 */
final class DamageTracker implements AutoCloseable {

    private final X11Connection x;
    private final int firstEvent;
    private final int damage;
    private final int region;
    /** Added to every rectangle fetched: where the damaged drawable's origin is in the capture's coordinates. */
    private int shiftX;
    private int shiftY;
    /** Window mode: raw rectangles, read from the events (null: the region of a NonEmpty damage). */
    private RawDamage raw;
    private boolean damaged;
    private long serverTime;
    private boolean closed;

    private DamageTracker(X11Connection x, int firstEvent, int damage, int region) {
        this.x = x;
        this.firstEvent = firstEvent;
        this.damage = damage;
        this.region = region;
    }

    /**
     * Why change tracking cannot be used on this connection (a client library or a server extension missing), or
     * null when it can.
     */
    static String unavailableReason(X11Connection x) {
        if (!XcbDamage.LIB.isLoaded()) {
            return XcbDamage.LIB.unavailableReason();
        }
        if (!XcbXfixes.LIB.isLoaded()) {
            return XcbXfixes.LIB.unavailableReason();
        }
        if (x.extension(XcbDamage.EXTENSION_ID) == null) {
            return "display=" + x.display() + " has no DAMAGE extension";
        }
        if (x.extension(XcbXfixes.EXTENSION_ID) == null) {
            return "display=" + x.display() + " has no XFIXES extension";
        }
        return null;
    }

    /** Creates the damage on the root window; the caller has checked {@link #unavailableReason}. */
    static DamageTracker create(X11Connection x) {
        return create(x, x.root());
    }

    /**
     * Creates the damage on {@code drawable} (the root window, or a captured window's pixmap); the caller has
     * checked {@link #unavailableReason}.
     */
    static DamageTracker create(X11Connection x, int drawable) {
        String missing = unavailableReason(x);
        if (missing != null) {
            throw new CaptureException("change tracking cannot be used: " + missing + " (open with "
                    + "changeTracking(false) for full-frame capture)");
        }
        X11Connection.Extension ext = x.extension(XcbDamage.EXTENSION_ID);
        // Both extensions refuse requests from clients that did not announce their version first.
        x.queryVersion("XFixesQueryVersion", XcbXfixes.QUERY_VERSION, 5, 0);
        x.queryVersion("DamageQueryVersion", XcbDamage.QUERY_VERSION, 1, 1);
        try {
            int region = x.generateId();
            int cookie = (int) XcbXfixes.CREATE_REGION_CHECKED.invokeExact(x.pointer(), region, 0,
                    MemorySegment.NULL);
            x.check(cookie, "XFixesCreateRegion");
            int damage = x.generateId();
            cookie = (int) XcbDamage.CREATE_CHECKED.invokeExact(x.pointer(), damage, drawable,
                    XcbDamage.REPORT_LEVEL_NON_EMPTY);
            x.check(cookie, "DamageCreate");
            return new DamageTracker(x, ext.firstEvent(), damage, region);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Takes a DamageNotify of ours; returns whether it was one. */
    boolean onEvent(int type, long event) {
        if (type != firstEvent + XcbDamage.NOTIFY
                || NativeMemory.ALL.get(JAVA_INT, event + XcbDamage.NOTIFY_DAMAGE) != damage) {
            if (raw != null) {
                raw.onOtherEvent();
            }
            return false;
        }
        if (raw != null) {
            raw.onDamage(NativeMemory.ALL.get(JAVA_SHORT, event + XcbDamage.NOTIFY_AREA_X),
                    NativeMemory.ALL.get(JAVA_SHORT, event + XcbDamage.NOTIFY_AREA_Y),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbDamage.NOTIFY_AREA_WIDTH)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbDamage.NOTIFY_AREA_HEIGHT)));
        }
        damaged = raw == null || raw.isDamaged();
        serverTime = Integer.toUnsignedLong(NativeMemory.ALL.get(JAVA_INT, event + XcbDamage.NOTIFY_TIMESTAMP));
        return true;
    }

    /** Whether a change was announced since the last {@link #collect}. */
    boolean isDamaged() {
        return raw != null ? raw.isDamaged() : damaged;
    }

    /** The server time of the last DamageNotify (ms), 0 before the first. */
    long serverTime() {
        return serverTime;
    }

    /**
     * Moves the damage to {@code drawable} (a captured window's pixmap, named again after a resize or map), at the
     * raw level ({@link RawDamage}), whose rectangles are then shifted by {@code (dx, dy)} (the window's border lies
     * around its content in the pixmap). The same damage id is used again; what was damaged before is forgotten
     * (the next frame is complete anyway).
     */
    void retarget(int drawable, int dx, int dy) {
        shiftX = dx;
        shiftY = dy;
        damaged = false;
        if (raw == null) {
            raw = new RawDamage();
        }
        raw.clear();
        try {
            // Gone already when its pixmap was freed (the server destroys a damage with its drawable): the error of
            // this unchecked request is an ignored event then.
            int ignored = (int) XcbDamage.DESTROY.invokeExact(x.pointer(), damage);
            int cookie = (int) XcbDamage.CREATE_CHECKED.invokeExact(x.pointer(), damage, drawable,
                    XcbDamage.REPORT_LEVEL_RAW_RECTANGLES);
            x.check(cookie, "DamageCreate(0x" + Integer.toHexString(drawable) + ", RawRectangles)");
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Window mode: the window moved; the whole-pixmap damage that follows is not a change (see {@link RawDamage}). */
    void expectMove(int pixmapWidth, int pixmapHeight) {
        if (raw != null) {
            raw.expectMove(pixmapWidth, pixmapHeight);
        }
    }

    /** Forgets pending damage without fetching it (the next frame is fully dirty anyway: first frame, resize). */
    void discard() {
        collect(0, 0, 0, 0, null);
    }

    /**
     * Moves the damage accumulated so far into our region and fetches its rectangles (one round trip), adding
     * each one, translated by {@code -originX, -originY} and clipped to {@code width × height}, to {@code out}.
     * Allocation-free.
     */
    void collect(int originX, int originY, int width, int height, RectSet out) {
        damaged = false;
        if (raw != null) {
            raw.collect(shiftX, shiftY, originX, originY, width, height, out);
            return;
        }
        MemorySegment c = x.pointer();
        int cookie;
        try {
            int ignored = (int) XcbDamage.SUBTRACT.invokeExact(c, damage, 0, region);
            cookie = (int) XcbXfixes.FETCH_REGION.invokeExact(c, region);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        long reply = x.reply(cookie, "XFixesFetchRegion");
        try {
            if (out == null) {
                return;
            }
            long words = Integer.toUnsignedLong(NativeMemory.ALL.get(JAVA_INT, reply + XcbXfixes.FETCH_REGION_LENGTH));
            long count = words * 4 / Xcb.RECTANGLE_T.byteSize();
            long base = reply + XcbXfixes.FETCH_REGION_RECTANGLES;
            for (long i = 0; i < count; i++) {
                long r = base + i * Xcb.RECTANGLE_T.byteSize();
                int rx = NativeMemory.ALL.get(JAVA_SHORT, r + Xcb.RECT_X);
                int ry = NativeMemory.ALL.get(JAVA_SHORT, r + Xcb.RECT_Y);
                int rw = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, r + Xcb.RECT_WIDTH));
                int rh = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, r + Xcb.RECT_HEIGHT));
                out.addClipped(rx + shiftX - originX, ry + shiftY - originY, rw, rh, width, height);
            }
        } finally {
            Libc.free(reply);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (x.isClosed() || x.hasError()) {
            return;
        }
        try {
            int ignored = (int) XcbDamage.DESTROY.invokeExact(x.pointer(), damage);
            ignored = (int) XcbXfixes.DESTROY_REGION.invokeExact(x.pointer(), region);
            x.flush();
        } catch (Throwable t) {
            // closing anyway
        }
    }
}
