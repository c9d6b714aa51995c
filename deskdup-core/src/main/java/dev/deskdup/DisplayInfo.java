package dev.deskdup;

import dev.deskdup.source.x11.X11DisplayInfo;

import java.util.List;

/**
 * What an X display offers deskdup, as {@code deskdup info} prints it.
 *
 * <pre>{@code
 * DisplayInfo info = DisplayInfo.query(":0");
 * System.out.println(info.screenWidth() + "x" + info.screenHeight() + ", MIT-SHM " + info.shmVersion());
 * }</pre>
 *
 * @param display        the display name connected to
 * @param screenWidth    screen width in pixels
 * @param screenHeight   screen height in pixels
 * @param depth          root window depth (24 or 32 for capturable screens)
 * @param bitsPerPixel   bits per pixel of that depth's pixmap format
 * @param visualClass    the root visual's class, e.g. {@code TrueColor}
 * @param capturable     whether deskdup can capture it (32-bit BGRA TrueColor and MIT-SHM present)
 * @param shmVersion     MIT-SHM version, e.g. {@code "1.2"}, or null when absent
 * @param shmFdPassing   whether the server accepted a memfd (MIT-SHM 1.2 fd passing)
 * @param damageVersion  DAMAGE version, or null when absent
 * @param xfixesVersion  XFIXES version, or null when absent
 * @param randrVersion   RandR version, or null when absent
 * @param monitors       the monitors RandR 1.5 lists (name, geometry, primary); empty without RandR 1.5
 * @param features       what a backend reports beyond the X11 fields above (Wayland: session type, portal version,
 *                       source types, cursor modes, PipeWire version), each on or off with its detail
 */
public record DisplayInfo(String display, int screenWidth, int screenHeight, int depth, int bitsPerPixel,
                          String visualClass, boolean capturable, String shmVersion, boolean shmFdPassing,
                          String damageVersion, String xfixesVersion, String randrVersion,
                          List<Monitor> monitors, List<Feature> features) {

    public DisplayInfo {
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /** An X11 display's facts, without extra features. */
    public DisplayInfo(String display, int screenWidth, int screenHeight, int depth, int bitsPerPixel,
                       String visualClass, boolean capturable, String shmVersion, boolean shmFdPassing,
                       String damageVersion, String xfixesVersion, String randrVersion, List<Monitor> monitors) {
        this(display, screenWidth, screenHeight, depth, bitsPerPixel, visualClass, capturable, shmVersion,
                shmFdPassing, damageVersion, xfixesVersion, randrVersion, monitors, List.of());
    }

    /**
     * Connects to {@code display} (null: {@code $DISPLAY}) and asks it.
     *
     * @throws CaptureException when no X server answers there
     */
    public static DisplayInfo query(String display) {
        return X11DisplayInfo.query(display);
    }
}
