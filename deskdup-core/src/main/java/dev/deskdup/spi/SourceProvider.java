package dev.deskdup.spi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Monitor;
import dev.deskdup.WindowInfo;

import java.util.List;

/**
 * One backend as the composition root sees it: whether it can run, how to open it, and what it can say about its
 * display without capturing.
 */
public interface SourceProvider {

    /** The name {@link CaptureOptions#source(String)} selects it by: {@code "x11"}, {@code "dxgi"}, … */
    String name();

    /**
     * Whether this backend can capture with these options on this machine, checked cheaply (OS, environment,
     * whether its required libraries load), without connecting to anything.
     */
    Availability availability(CaptureOptions options);

    /**
     * Opens the backend: connects, checks that the options can be honoured, and fails {@code open} with a message
     * naming every option it cannot honour (never ignores one silently).
     *
     * @throws dev.deskdup.CaptureException     when the display cannot be reached or captured
     * @throws IllegalArgumentException when an option is wrong for this display (off-screen region, unknown
     *                                  monitor or window) or cannot be honoured by this backend
     */
    CaptureSource open(CaptureOptions options, SourceContext context);

    /** The monitors of the display the options name. */
    List<Monitor> monitors(CaptureOptions options);

    /** What the display the options name offers, as {@code deskdup info} prints it. */
    DisplayInfo displayInfo(CaptureOptions options);

    /**
     * The top-level windows of the display the options name, topmost first. Default: this backend cannot list
     * windows (it cannot capture one either, and says so on open).
     */
    default List<WindowInfo> windows(CaptureOptions options) {
        throw new CaptureException("source=" + name() + " cannot list windows (window capture needs the X11 source "
                + "for now: pass display=\":0\" or source=x11)");
    }
}
