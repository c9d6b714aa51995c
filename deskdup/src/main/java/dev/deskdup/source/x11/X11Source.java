package dev.deskdup.source.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.source.Source;

/** Placeholder while the X11 backend is written. */
public final class X11Source {
    private X11Source() {
    }

    public static Source open(CaptureOptions options) {
        throw new CaptureException("x11 source not yet built");
    }
}
