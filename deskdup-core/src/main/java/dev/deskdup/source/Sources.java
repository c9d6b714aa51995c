package dev.deskdup.source;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.ScreenCapture;
import dev.deskdup.frame.FrameRing;
import dev.deskdup.source.dxgi.DxgiSource;
import dev.deskdup.source.synthetic.SyntheticSource;
import dev.deskdup.source.x11.X11Source;

import java.util.Locale;

/**
 * Chooses the backend for a {@link CaptureOptions} and builds the capture around it.
 */
public final class Sources {

    private Sources() {
    }

    public static ScreenCapture open(CaptureOptions options) {
        return capture(create(options), options);
    }

    /** The capture around an opened source: slots, pacing, delivery and repeat cadence as {@code options} say. */
    public static ScreenCapture capture(Source source, CaptureOptions options) {
        return new FrameRing(source, options.slots(), options.maxFps(), options.delivery(),
                options.minFrameInterval().toNanos());
    }

    static Source create(CaptureOptions options) {
        String name = options.source().toLowerCase(Locale.ROOT);
        return switch (name) {
            case CaptureOptions.SOURCE_SYNTHETIC -> new SyntheticSource(options);
            case CaptureOptions.SOURCE_X11 -> X11Source.open(options);
            case CaptureOptions.SOURCE_DXGI -> DxgiSource.open(options);
            case CaptureOptions.SOURCE_AUTO -> auto(options);
            default -> throw new IllegalArgumentException("source=" + options.source()
                    + " is unknown (choose auto, x11, dxgi or synthetic)");
        };
    }

    private static Source auto(CaptureOptions options) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("windows")) {
            return DxgiSource.open(options);
        }
        if (os.contains("linux") || os.contains("bsd")) {
            if (options.effectiveDisplay() == null || options.effectiveDisplay().isBlank()) {
                throw new CaptureException("no display to capture: $DISPLAY is not set and no display was given "
                        + "(set DISPLAY, pass display=\":0\", or run the CLI with --virtual for a private Xvfb)");
            }
            return X11Source.open(options);
        }
        throw new CaptureException("no capture source for os.name=" + System.getProperty("os.name")
                + " (supported: Linux/X11, Windows/DXGI; use source=synthetic for a test pattern)");
    }
}
