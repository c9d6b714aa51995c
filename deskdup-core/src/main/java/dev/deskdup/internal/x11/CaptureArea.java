package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.Monitor;
import dev.deskdup.Region;
import dev.deskdup.internal.os.NativeMemory;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The part of the screen a capture covers (the whole screen, a fixed region, a monitor, or one window) and its
 * generation: a number that goes up each time the area's size changes, so that slots made at another size are
 * rebuilt. Worked out again from the current screen after every RandR change (and, for a window, after it was
 * resized or mapped again: its own coordinates, origin 0,0, wherever it is on the screen). Filling thread only.
 */
final class CaptureArea {

    private final X11Connection conn;
    private final Region fixedRegion;
    private final String monitorName;
    private final WindowTarget window;
    private int screenWidth;
    private int screenHeight;
    private int x;
    private int y;
    private int width;
    private int height;
    private int generation;

    CaptureArea(X11Connection conn, Region fixedRegion, String monitorName) {
        this(conn, fixedRegion, monitorName, null);
    }

    /** The area of {@code window} (null: the screen, region or monitor). */
    CaptureArea(X11Connection conn, Region fixedRegion, String monitorName, WindowTarget window) {
        this.conn = conn;
        this.fixedRegion = fixedRegion;
        this.monitorName = monitorName;
        this.window = window;
        this.screenWidth = conn.width();
        this.screenHeight = conn.height();
        resolve();
    }

    /**
     * Takes an event about the screen: RRScreenChangeNotify (new size), RRNotify (a crtc or output changed) or the
     * root's ConfigureNotify (new size; also sent when RandR 1.5 monitors change).
     *
     * @param randrFirstEvent the RandR extension's first event code, or -1 without RandR
     * @return whether the screen changed (the area must be worked out again)
     */
    boolean onScreenEvent(int type, long event, int randrFirstEvent) {
        if (randrFirstEvent >= 0 && type == randrFirstEvent + XcbRandr.SCREEN_CHANGE_NOTIFY) {
            screenSize(Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbRandr.SCREEN_CHANGE_WIDTH)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + XcbRandr.SCREEN_CHANGE_HEIGHT)));
            return true;
        }
        if (randrFirstEvent >= 0 && type == randrFirstEvent + XcbRandr.NOTIFY) {
            return true;
        }
        if (type == Xcb.CONFIGURE_NOTIFY && NativeMemory.ALL.get(JAVA_INT, event + Xcb.CONFIGURE_WINDOW) == conn.root()) {
            screenSize(Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + Xcb.CONFIGURE_WIDTH)),
                    Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + Xcb.CONFIGURE_HEIGHT)));
            return true;
        }
        return false;
    }

    /** The screen's size as the last RandR or ConfigureNotify event said. */
    void screenSize(int width, int height) {
        this.screenWidth = width;
        this.screenHeight = height;
    }

    /**
     * Works out the area from the current screen; a size change bumps the generation.
     *
     * @return whether the size changed
     * @throws CaptureException when the monitor vanished or the region no longer fits
     */
    boolean resolve() {
        int nx, ny, nw, nh;
        if (window != null) {
            window.refresh(); // names its pixmap again after a resize or a map
            nx = 0;
            ny = 0;
            nw = window.width();
            nh = window.height();
        } else if (monitorName != null) {
            Monitor m = MonitorList.find(MonitorList.query(conn), monitorName);
            if (m == null) {
                if (width == 0) {
                    MonitorList.require(conn, monitorName); // throws, listing what there is
                }
                throw new CaptureException("monitor=" + monitorName + " disappeared from display=" + conn.display()
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
                        + screenHeight + " of display=" + conn.display() + " after a resize (open a new capture with "
                        + "a region inside the new screen)");
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
        x = nx;
        y = ny;
        if (nw == width && nh == height) {
            return false;
        }
        boolean initial = width == 0;
        width = nw;
        height = nh;
        if (!initial) {
            generation++;
        }
        return !initial;
    }

    private Region clipToScreen(Region r) {
        int x0 = Math.max(0, r.x()), y0 = Math.max(0, r.y());
        int x1 = Math.min(screenWidth, r.right()), y1 = Math.min(screenHeight, r.bottom());
        if (x1 <= x0 || y1 <= y0) {
            throw new CaptureException("monitor=" + monitorName + " at " + r + " lies off the screen=" + screenWidth
                    + "x" + screenHeight + " of display=" + conn.display() + " (check xrandr --listmonitors)");
        }
        return Region.of(x0, y0, x1 - x0, y1 - y0);
    }

    int x() {
        return x;
    }

    int y() {
        return y;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    int generation() {
        return generation;
    }
}
