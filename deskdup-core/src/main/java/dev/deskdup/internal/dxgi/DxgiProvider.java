package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Monitor;
import dev.deskdup.spi.Availability;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;
import dev.deskdup.spi.SourceProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The Windows backend: DXGI Desktop Duplication through D3D11, bound with FFM. */
public final class DxgiProvider implements SourceProvider {

    @Override
    public String name() {
        return CaptureOptions.SOURCE_DXGI;
    }

    private static boolean onWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("windows");
    }

    @Override
    public Availability availability(CaptureOptions options) {
        return onWindows() ? Availability.yes()
                : Availability.no("os.name=" + System.getProperty("os.name") + ": DXGI needs Windows");
    }

    /**
     * Opens the output {@code monitor} (or {@code display}) names. Every option but a window is honoured: a region
     * (relative to the output, in desktop orientation), {@code cursor} SEPARATE or COMPOSITED,
     * {@code changeTracking(false)} (every frame is copied whole).
     */
    @Override
    public CaptureSource open(CaptureOptions options, SourceContext context) {
        if (!onWindows()) {
            throw new CaptureException("source=dxgi needs Windows, but os.name=" + System.getProperty("os.name")
                    + " (use source=x11 or source=auto here)");
        }
        options.checkConsistent();
        rejectUnhonoured(options);
        return DxgiSource.open(options, context, DxgiEntryPoints.system(), DxgiRetryPolicy.DEFAULT);
    }

    /** The options this backend cannot honour, named, instead of being ignored. */
    static void rejectUnhonoured(CaptureOptions options) {
        if (options.window() != null) {
            throw new IllegalArgumentException("window=" + options.window() + " cannot be honoured by source=dxgi "
                    + "(Desktop Duplication captures whole outputs; one window needs Windows Graphics Capture, which "
                    + "deskdup does not have yet: capture its output or a region)");
        }
    }

    @Override
    public List<Monitor> monitors(CaptureOptions options) {
        List<Monitor> monitors = new ArrayList<>();
        List<DxgiOutputInfo> outputs = DxgiSource.listOutputs(DxgiEntryPoints.system());
        for (int i = 0; i < outputs.size(); i++) {
            DxgiOutputInfo o = outputs.get(i);
            monitors.add(new Monitor(i, o.name(), o.left(), o.top(), o.width(), o.height(), o.primary()));
        }
        return monitors;
    }

    @Override
    public DisplayInfo displayInfo(CaptureOptions options) {
        if (!onWindows()) {
            throw new CaptureException("source=dxgi needs Windows, but os.name=" + System.getProperty("os.name"));
        }
        List<Monitor> monitors = monitors(options);
        Monitor first = monitors.isEmpty() ? null : monitors.get(0);
        return new DisplayInfo(first == null ? "none" : first.name(), first == null ? 0 : first.width(),
                first == null ? 0 : first.height(), 32, 32, "BGRA", first != null, null, false, null, null, null,
                monitors, CaptureOptions.SOURCE_DXGI, List.of(Feature.on("damage", "dirty and move rectangles"),
                        Feature.on("cursor", "DXGI pointer position and shape"),
                        Feature.on("monitors", "DXGI outputs, by index or GDI name")),
                first == null ? "no DXGI output is attached" : null);
    }
}
