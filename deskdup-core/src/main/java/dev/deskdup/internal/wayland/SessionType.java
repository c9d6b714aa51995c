package dev.deskdup.internal.wayland;

import java.util.function.Function;

/**
 * Whether this is a Wayland session, from the environment alone (no connection made):
 * <ul>
 * <li>{@code XDG_SESSION_TYPE=wayland} (set by the login manager): Wayland, even though {@code $DISPLAY} may name
 *     XWayland, which shows only X11 clients, not the desktop;</li>
 * <li>otherwise {@code WAYLAND_DISPLAY} set and no {@code DISPLAY}: a Wayland compositor without XWayland;</li>
 * <li>otherwise not (X11, or nothing).</li>
 * </ul>
 * A display given explicitly in the options always means X11 (e.g. a private Xvfb).
 */
public final class SessionType {

    private SessionType() {
    }

    public static boolean isWayland(Function<String, String> env) {
        String type = env.apply("XDG_SESSION_TYPE");
        if (type != null && !type.isBlank()) {
            return type.equalsIgnoreCase("wayland");
        }
        String wayland = env.apply("WAYLAND_DISPLAY");
        String display = env.apply("DISPLAY");
        return wayland != null && !wayland.isBlank() && (display == null || display.isBlank());
    }

    /** What {@code deskdup info} prints: {@code wayland}, {@code x11}, {@code tty}, … or {@code unknown}. */
    public static String describe(Function<String, String> env) {
        String type = env.apply("XDG_SESSION_TYPE");
        if (type != null && !type.isBlank()) {
            return type;
        }
        if (env.apply("WAYLAND_DISPLAY") != null) {
            return "wayland (WAYLAND_DISPLAY set)";
        }
        return env.apply("DISPLAY") != null ? "x11 (DISPLAY set)" : "unknown";
    }
}
