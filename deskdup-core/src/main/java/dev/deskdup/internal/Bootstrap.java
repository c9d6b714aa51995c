package dev.deskdup.internal;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Monitor;
import dev.deskdup.RingPublisher;
import dev.deskdup.RingReader;
import dev.deskdup.RingStatus;
import dev.deskdup.ScreenCapture;
import dev.deskdup.WindowInfo;
import dev.deskdup.internal.dxgi.DxgiProvider;
import dev.deskdup.internal.ring.RingCapture;
import dev.deskdup.internal.share.SharedRings;
import dev.deskdup.internal.synthetic.SyntheticProvider;
import dev.deskdup.internal.wayland.WaylandProvider;
import dev.deskdup.internal.x11.X11Provider;
import dev.deskdup.spi.Availability;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;
import dev.deskdup.spi.SlotMemoryAllocator;
import dev.deskdup.spi.SourceContext;
import dev.deskdup.spi.SourceProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The composition root: the one place that knows every backend and the ring. The public API calls it to open a
 * capture ({@link #open}), list monitors and windows and describe a display; everything else depends only downwards.
 *
 * <p>An explicit list rather than {@code ServiceLoader}: every backend ships in this jar, and a list fails at
 * compile time where a lost {@code META-INF/services} entry (a shaded jar that did not merge it) would silently
 * leave a machine without its backend.
 */
public final class Bootstrap {

    /** Chosen by {@code auto} in a Wayland session (see {@link WaylandProvider#preferred}), else only by name. */
    private static final WaylandProvider WAYLAND = new WaylandProvider();
    private static final List<SourceProvider> PROVIDERS = List.of(new X11Provider(), WAYLAND, new DxgiProvider(),
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
        rejectOptionsOfOtherBackends(provider, options);
        NanoClock clock = NanoClock.system();
        CaptureSource source = provider.open(options, new SourceContext(options.slots(), clock, memory));
        return RingCapture.open(source, options, clock);
    }

    /** Starts publishing a capture into shared ring {@code name}: its slots live in the ring file. */
    public static RingPublisher startRingPublisher(String name, CaptureOptions options, int maxReaders,
                                                   long maxFrames) {
        return SharedRings.startPublisher(name, options, maxReaders, maxFrames, Bootstrap::open);
    }

    /** Opens a reader of shared ring {@code name}, waiting up to the timeout for it to appear. */
    public static RingReader openRingReader(String name, long timeoutNanos) {
        return SharedRings.openReader(name, timeoutNanos);
    }

    /** A snapshot of shared ring {@code name}. */
    public static RingStatus ringStatus(String name) {
        return SharedRings.status(name);
    }

    /**
     * Options that belong to one kind of backend fail on the others (each backend rejects, with a message, the
     * options of its own kind it cannot honour): the test pattern's size and checksum are not a display's, and the
     * test pattern has no display to name or to log in to.
     */
    static void rejectOptionsOfOtherBackends(SourceProvider provider, CaptureOptions options) {
        boolean synthetic = provider.name().equals(CaptureOptions.SOURCE_SYNTHETIC);
        if (!synthetic && options.syntheticOptionsGiven()) {
            throw new IllegalArgumentException("syntheticSize/syntheticChecksum cannot be honoured by source="
                    + provider.name() + " (they shape the test pattern of source=synthetic; remove them)");
        }
        if (synthetic && (options.display() != null || options.xauthority() != null)) {
            throw new IllegalArgumentException("display=" + options.display() + ", xauthority="
                    + options.xauthority() + " cannot be honoured by source=synthetic (the test pattern has no "
                    + "display; remove them, or choose source=x11)");
        }
    }

    /** The monitors of the display {@code options} name. */
    public static List<Monitor> monitors(CaptureOptions options) {
        return provider(options).monitors(options);
    }

    /** The top-level windows of the display {@code options} name. */
    public static List<WindowInfo> windows(CaptureOptions options) {
        return provider(options).windows(options);
    }

    /** What the display {@code options} name offers. */
    public static DisplayInfo displayInfo(CaptureOptions options) {
        return provider(options).displayInfo(options);
    }

    /** The name of the backend {@link #open} would use for {@code options} (see {@link #provider}). */
    public static String sourceName(CaptureOptions options) {
        return provider(options).name();
    }

    /** Deletes the Wayland portal's stored restore token; whether there was one. */
    public static boolean forgetPortalPermission() {
        try {
            return WAYLAND.tokens().forget();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the portal's restore token " + WAYLAND.tokens().file()
                    + ": " + e.getMessage() + " (remove the file by hand)", e);
        }
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
        if (WAYLAND.preferred(options)) {
            Availability a = WAYLAND.availability(options);
            if (a.available()) {
                return WAYLAND;
            }
            reasons.add(WAYLAND.name() + ": " + a.reason());
        }
        for (SourceProvider p : PROVIDERS) {
            if (p.name().equals(CaptureOptions.SOURCE_SYNTHETIC) || p == WAYLAND) {
                continue; // a test pattern only when asked for by name; Wayland only in a Wayland session
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
