package dev.deskdup;

import java.util.OptionalLong;

/**
 * One top-level window of a display, as {@link ScreenCapture#windows} lists it: what {@link WindowMatch} matches
 * and {@link CaptureOptions#window(long)} takes.
 *
 * <p>"Top-level" means the application's window. Under a window manager that is the client window inside the
 * manager's frame (the window with {@code WM_STATE}); {@link #frame()} is then the frame, the child of the root
 * window that holds the decorations. Without a window manager both are the same window.
 *
 * @param id        the window's X id (what {@code xwininfo} prints as {@code 0x1a00003})
 * @param frame     the child of the root window that holds it: the window manager's frame, or {@code id} itself
 * @param title     {@code _NET_WM_NAME} (UTF-8), else {@code WM_NAME}; empty when it has none
 * @param className the class part of {@code WM_CLASS}, e.g. {@code XTerm}; empty when it has none
 * @param instance  the instance part of {@code WM_CLASS}, e.g. {@code xterm}; empty when it has none
 * @param pid       {@code _NET_WM_PID}, when the application set it
 * @param x         left edge of the window's content on the screen, in pixels (may be negative or off screen)
 * @param y         top edge of the window's content on the screen
 * @param width     width of the content (without border and decorations)
 * @param height    height of the content
 * @param mapped    whether the window is mapped (shown by its application; it may still be hidden by an unmapped
 *                  frame, e.g. when minimised)
 * @param visible   whether some part of it shows on the screen now: viewable, on the screen, and not wholly covered
 *                  by windows above it (shaped windows are taken as their rectangle)
 */
public record WindowInfo(long id, long frame, String title, String className, String instance, OptionalLong pid,
                         int x, int y, int width, int height, boolean mapped, boolean visible) {

    public WindowInfo {
        title = title == null ? "" : title;
        className = className == null ? "" : className;
        instance = instance == null ? "" : instance;
        pid = pid == null ? OptionalLong.empty() : pid;
    }

    /** The id as {@code xwininfo} prints it, e.g. {@code 0x1a00003}. */
    public String idHex() {
        return "0x" + Long.toHexString(id);
    }

    /** {@code 0x1a00003 "Title" (class XTerm, pid 123)}: for messages and listings. */
    public String describe() {
        StringBuilder b = new StringBuilder(idHex()).append(" \"").append(title).append('"');
        String extra = (className.isEmpty() ? "" : "class " + className)
                + (pid.isPresent() ? (className.isEmpty() ? "" : ", ") + "pid " + pid.getAsLong() : "")
                + (mapped ? "" : (className.isEmpty() && pid.isEmpty() ? "" : ", ") + "unmapped");
        if (!extra.isEmpty()) {
            b.append(" (").append(extra).append(')');
        }
        return b.toString();
    }
}
