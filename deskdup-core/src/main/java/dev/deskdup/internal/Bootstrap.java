package dev.deskdup.internal;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Monitor;
import dev.deskdup.ScreenCapture;
import dev.deskdup.internal.dxgi.DxgiProvider;
import dev.deskdup.internal.ring.RingCapture;
import dev.deskdup.internal.synthetic.SyntheticProvider;
import dev.deskdup.internal.x11.X11Provider;
import dev.deskdup.spi.Availability;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SourceContext;
import dev.deskdup.spi.SourceProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The composition root: the one place that knows every backend and the ring. The public API calls it to open a
 * capture ({@link #open}), list monitors and describe a display; everything else depends only downwards.
 *
 * <p>An explicit list rather than {@code ServiceLoader}: every backend ships in this jar, and a list fails at
 * compile time where a lost {@code META-INF/services} entry (a shaded jar that did not merge it) would silently
 * leave a machine without its backend.
 */
public final class Bootstrap {

    private static final List<SourceProvider> PROVIDERS = List.of(new X11Provider(), new DxgiProvider(),
            new SyntheticProvider());

    private Bootstrap() {
    }

    /** Opens a capture as {@code options} say, with slot memory of the backend's own choosing. */
    public static ScreenCapture open(CaptureOptions options) {
        return open(options, null);
    }

    /**
     * Opens a capture whose slots take their memory from {@code memory} (a shared ring file), or from the backend
     * when null.
     */
    public static ScreenCapture open(CaptureOptions options, SlotMemoryAllocator memory) {
        options.checkConsistent();
        SourceProvider provider = provider(options);
        NanoClock clock = NanoClock.system();
        CaptureSource source = provider.open(options, new SourceContext(options.slots(), clock, memory));
        return RingCapture.open(source, options, clock);
    }

    /** The monitors of the display {@code options} name. */
    public static List<Monitor> monitors(CaptureOptions options) {
        return provider(options).monitors(options);
    }

    /** What the display {@code options} name offers. */
    public static DisplayInfo displayInfo(CaptureOptions options) {
        return provider(options).displayInfo(options);
    }

    /** The backend {@code options.source()} names, or for {@code auto} the first one available here. */
    static SourceProvider provider(CaptureOptions options) {
        String name = options.source().toLowerCase(Locale.ROOT);
        if (name.equals(CaptureOptions.SOURCE_AUTO)) {
            return auto(options);
        }
        for (SourceProvider p : PROVIDERS) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("source=" + options.source() + " is unknown (choose auto, "
                + String.join(", ", names()) + ")");
    }

    private static SourceProvider auto(CaptureOptions options) {
        List<String> reasons = new ArrayList<>();
        for (SourceProvider p : PROVIDERS) {
            if (p.name().equals(CaptureOptions.SOURCE_SYNTHETIC)) {
                continue; // a test pattern only when asked for by name
            }
            Availability a = p.availability(options);
            if (a.available()) {
                return p;
            }
            reasons.add(p.name() + ": " + a.reason());
        }
        throw new CaptureException("no capture source available on this machine (" + String.join("; ", reasons)
                + "). Use source=synthetic for a test pattern, or the CLI's --virtual for a private Xvfb");
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (SourceProvider p : PROVIDERS) {
            names.add(p.name());
        }
        return names;
    }
}
