package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.Monitor;
import dev.deskdup.Region;

/**
 * The part of the screen a capture covers (the whole screen, a fixed region, or a monitor) and its generation: a
 * number that goes up each time the area's size changes, so that slots made at another size are rebuilt. Worked
 * out again from the current screen after every RandR change. Filling thread only.
 */
final class CaptureArea {

    private final X11Connection conn;
    private final Region fixedRegion;
    private final String monitorName;
    private int screenWidth;
    private int screenHeight;
    private int x;
    private int y;
    private int width;
    private int height;
    private int generation;

    CaptureArea(X11Connection conn, Region fixedRegion, String monitorName) {
        this.conn = conn;
        this.fixedRegion = fixedRegion;
        this.monitorName = monitorName;
        this.screenWidth = conn.width();
        this.screenHeight = conn.height();
        resolve();
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
        if (monitorName != null) {
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
