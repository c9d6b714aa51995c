package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Feature;
import dev.deskdup.internal.os.Closer;
import dev.deskdup.internal.os.NativeRuntime;
import dev.deskdup.spi.CursorOverlay;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * What an X11 capture uses besides its connection and slots, opened together as the options and the display allow,
 * each optional part with the {@link Feature} that says whether it is on and why not: RandR events, the captured
 * window, DAMAGE, the cursor, pointer motion, the sub-rectangle copier. When one part fails to open, those opened
 * before it are closed.
 */
final class X11Parts {

    /** RRScreenChangeNotify, RRCrtcChangeNotify and RROutputChangeNotify. */
    private static final short RANDR_EVENTS = (short) (XcbRandr.NOTIFY_MASK_SCREEN_CHANGE
            | XcbRandr.NOTIFY_MASK_CRTC_CHANGE | XcbRandr.NOTIFY_MASK_OUTPUT_CHANGE);

    /** The first RandR event code, or -1 without RandR 1.5. */
    int randrFirstEvent = -1;
    /** The captured window, or null for the screen. */
    WindowTarget window;
    CaptureArea area;
    /** DAMAGE, or null: full-frame polling. */
    DamageTracker damage;
    /** The cursor, or null: none tracked. */
    CursorTracker cursor;
    /** Blends the cursor into frames, or null. */
    CursorOverlay overlay;
    /** Pointer motion events, or null (cursor NONE, full-frame mode, or no XInput 2). */
    PointerMotion motion;
    SubImageCopier copier;
    final List<Feature> features = new ArrayList<>();

    private X11Parts() {
    }

    static X11Parts open(X11Connection conn, CaptureOptions options, boolean useFd, int[] shmVersion) {
        X11Parts p = new X11Parts();
        try {
            p.openAll(conn, options, useFd, shmVersion);
            return p;
        } catch (Throwable t) {
            RuntimeException e = NativeRuntime.rethrow(t);
            Closer closer = new Closer();
            p.close(closer);
            closer.finishInto(e);
            throw e;
        }
    }

    private void openAll(X11Connection conn, CaptureOptions options, boolean useFd, int[] shmVersion)
            throws Throwable {
        CursorMode cursorMode = options.cursor();
        String noMonitors = MonitorList.unavailableReason(conn);
        if (noMonitors == null && MonitorList.available(conn)) {
            int cookie = (int) XcbRandr.SELECT_INPUT_CHECKED.invokeExact(conn.pointer(), conn.root(), RANDR_EVENTS);
            conn.check(cookie, "RRSelectInput");
            randrFirstEvent = conn.extension(XcbRandr.EXTENSION_ID).firstEvent();
            features.add(Feature.on("monitors", "RandR 1.5"));
        } else {
            features.add(Feature.off("monitors", (noMonitors != null ? noMonitors : "display=" + conn.display()
                    + " has no RandR 1.5") + "; the whole screen is one monitor and resizes are seen only "
                    + "through ConfigureNotify"));
        }
        // ConfigureNotify on the root too: the server sends it when RandR 1.5 monitors are added or deleted, which
        // raise no RandR event of their own (and it is all there is without RandR).
        try (Arena temp = Arena.ofConfined()) {
            int cookie = (int) Xcb.CHANGE_WINDOW_ATTRIBUTES_CHECKED.invokeExact(conn.pointer(), conn.root(),
                    Xcb.CW_EVENT_MASK, temp.allocateFrom(JAVA_INT, Xcb.EVENT_MASK_STRUCTURE_NOTIFY));
            conn.check(cookie, "ChangeWindowAttributes(root, event_mask=StructureNotify)");
        }
        if (options.window() != null) {
            window = WindowTarget.open(conn, options.window(), options.windowDecorations());
            features.add(window.feature());
        }
        int drawable = window != null ? window.window : conn.root();
        area = new CaptureArea(conn, options.region(), options.monitor(), window);
        String noDamage = DamageTracker.unavailableReason(conn);
        if (!options.changeTracking()) {
            features.add(Feature.off("damage", "changeTracking(false) asked for: full-frame polling"));
        } else if (noDamage != null) {
            features.add(Feature.off("damage", noDamage + "; capturing full frames instead"));
        } else {
            damage = DamageTracker.create(conn, drawable);
            features.add(Feature.on("damage", "DAMAGE + XFIXES: only changed areas are copied"));
        }
        String noCursor = CursorTracker.unavailableReason(conn);
        if (noCursor != null) {
            features.add(Feature.off("cursor", noCursor + (cursorMode == CursorMode.NONE ? ""
                    : "; frames carry no cursor although cursor=" + cursorMode + " was asked for")));
        } else {
            if (cursorMode != CursorMode.NONE) {
                cursor = CursorTracker.create(conn, drawable);
            }
            features.add(Feature.on("cursor", "XFIXES" + (cursorMode == CursorMode.NONE ? " (cursor=NONE asked for)"
                    : ", cursor=" + cursorMode)));
        }
        overlay = cursorMode == CursorMode.COMPOSITED && cursor != null ? new CursorOverlay() : null;
        String version = "MIT-SHM " + shmVersion[0] + "." + shmVersion[1];
        features.add(useFd ? Feature.on("fd-passing", version + ": memfd slots") : Feature.off("fd-passing", version
                + (Boolean.getBoolean(X11Source.SYSV_PROPERTY) ? " (-D" + X11Source.SYSV_PROPERTY + "=true)"
                : " has no fd passing") + ": SysV segments, marked for removal at once"));
        motion = PointerMotion.watchIfWanted(conn, cursorMode == CursorMode.NONE ? "cursor=NONE"
                : cursor == null ? "no cursor tracking" : damage == null ? "full-frame polling (every frame reads "
                + "the cursor anyway)" : null, features);
        copier = new SubImageCopier(conn, useFd);
        if (window != null) {
            window.follow(copier, damage);
        }
        if (damage != null) {
            copier.resize(area.width(), area.height());
        }
    }

    /** Closes what was opened, in reverse; every step runs (the connection is closed by the caller). */
    void close(Closer closer) {
        if (copier != null) {
            closer.run(copier::close);
        }
        if (motion != null) {
            closer.run(motion::close);
        }
        if (damage != null) {
            closer.run(damage::close);
        }
        if (window != null) {
            closer.run(window::close);
        }
    }
}
