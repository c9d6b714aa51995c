package dev.deskdup;

import dev.deskdup.internal.Bootstrap;

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
 * @param source         the backend that answered: {@code "x11"}, {@code "wayland"}, {@code "dxgi"}
 * @param features       the backend's optional features, on or off with the reason (a feature is off when the
 *                       display lacks it or this machine lacks the library for it)
 * @param notCapturable  why the display cannot be captured, in one line with what to do; null when it can
 */
public record DisplayInfo(String display, int screenWidth, int screenHeight, int depth, int bitsPerPixel,
                          String visualClass, boolean capturable, String shmVersion, boolean shmFdPassing,
                          String damageVersion, String xfixesVersion, String randrVersion,
                          List<Monitor> monitors, String source, List<Feature> features, String notCapturable) {

    public DisplayInfo {
        monitors = monitors == null ? List.of() : List.copyOf(monitors);
        features = features == null ? List.of() : List.copyOf(features);
    }

    /**
     * Connects to {@code display} (null: {@code $DISPLAY}) and asks it.
     *
     * @throws CaptureException when no X server answers there
     */
    public static DisplayInfo query(String display) {
        return query(CaptureOptions.defaults().display(display));
    }

    /**
     * Asks the display {@code options} name (display, credentials, source).
     *
     * @throws CaptureException when no display answers there
     */
    public static DisplayInfo query(CaptureOptions options) {
        return Bootstrap.displayInfo(options);
    }
}
