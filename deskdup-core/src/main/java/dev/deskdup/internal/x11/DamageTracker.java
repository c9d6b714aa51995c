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
 */
final class DamageTracker implements AutoCloseable {

    private final X11Connection x;
    private final int firstEvent;
    private final int damage;
    private final int region;
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
        String missing = unavailableReason(x);
        if (missing != null) {
            throw new CaptureException("change tracking cannot be used: " + missing + " (open with "
                    + "changeTracking(false) for full-frame capture)");
        }
        X11Connection.Extension ext = x.extension(XcbDamage.EXTENSION_ID);
        // Both extensions refuse requests from clients that did not announce their version first.
        x.queryVersion("XFixesQueryVersion", XcbXfixes.QUERY_VERSION, XcbXfixes.QUERY_VERSION_REPLY, 5, 0);
        x.queryVersion("DamageQueryVersion", XcbDamage.QUERY_VERSION, XcbDamage.QUERY_VERSION_REPLY, 1, 1);
        try {
            int region = x.generateId();
            int cookie = (int) XcbXfixes.CREATE_REGION_CHECKED.invokeExact(x.pointer(), region, 0,
                    MemorySegment.NULL);
            x.check(cookie, "XFixesCreateRegion");
            int damage = x.generateId();
            cookie = (int) XcbDamage.CREATE_CHECKED.invokeExact(x.pointer(), damage, x.root(),
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
            return false;
        }
        damaged = true;
        serverTime = Integer.toUnsignedLong(NativeMemory.ALL.get(JAVA_INT, event + XcbDamage.NOTIFY_TIMESTAMP));
        return true;
    }

    /** Whether a change was announced since the last {@link #collect}. */
    boolean isDamaged() {
        return damaged;
    }

    /** The server time of the last DamageNotify (ms), 0 before the first. */
    long serverTime() {
        return serverTime;
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
        MemorySegment c = x.pointer();
        long reply;
        try {
            int ignored = (int) XcbDamage.SUBTRACT.invokeExact(c, damage, 0, region);
            int cookie = (int) XcbXfixes.FETCH_REGION.invokeExact(c, region);
            reply = (long) XcbXfixes.FETCH_REGION_REPLY.invokeExact(c, cookie, x.errorOut());
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        if (reply == 0) {
            throw x.replyFailed("XFixesFetchRegion");
        }
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
                out.addClipped(rx - originX, ry - originY, rw, rh, width, height);
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
