package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Monitor;
import dev.deskdup.WindowInfo;
import dev.deskdup.spi.Availability;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;
import dev.deskdup.spi.SourceProvider;

import java.util.List;
import java.util.Locale;

/** The X11 backend: XCB with MIT-SHM, DAMAGE, XFIXES, RandR, Composite and XInput 2, on Linux and the BSDs. */
public final class X11Provider implements SourceProvider {

    @Override
    public String name() {
        return CaptureOptions.SOURCE_X11;
    }

    @Override
    public Availability availability(CaptureOptions options) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("windows") || os.contains("mac")) {
            return Availability.no("os.name=" + System.getProperty("os.name") + ": X11 capture runs on Linux and "
                    + "the BSDs");
        }
        String display = options.effectiveDisplay();
        if (display == null || display.isBlank()) {
            return Availability.no("no display to capture: $DISPLAY is not set and no display was given (set "
                    + "DISPLAY, pass display=\":0\", or run the CLI with --virtual for a private Xvfb)");
        }
        return Availability.yes();
    }

    @Override
    public CaptureSource open(CaptureOptions options, SourceContext context) {
        return X11Source.open(options, context);
    }

    @Override
    public List<Monitor> monitors(CaptureOptions options) {
        try (X11Connection conn = X11Connection.connect(options.effectiveDisplay(), options.xauthority())) {
            return MonitorList.query(conn);
        }
    }

    @Override
    public List<WindowInfo> windows(CaptureOptions options) {
        try (X11Connection conn = X11Connection.connect(options.effectiveDisplay(), options.xauthority())) {
            return WindowList.query(conn);
        }
    }

    @Override
    public DisplayInfo displayInfo(CaptureOptions options) {
        return X11DisplayInfo.query(options);
    }
}
