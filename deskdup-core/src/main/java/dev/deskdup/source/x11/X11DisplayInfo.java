package dev.deskdup.source.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;

import java.lang.invoke.MethodHandle;

/**
 * Builds a {@link DisplayInfo} by asking the server for each extension deskdup uses.
 */
public final class X11DisplayInfo {

    private X11DisplayInfo() {
    }

    public static DisplayInfo query(String display) {
        String shm;
        String damage;
        String xfixes;
        String randr;
        java.util.List<dev.deskdup.Monitor> monitors;
        String name;
        int width;
        int height;
        int depth;
        int bpp;
        String visual;
        boolean bgra;
        try (X11Connection x = X11Connection.connect(display)) {
            name = x.display();
            width = x.width();
            height = x.height();
            depth = x.depth();
            bpp = x.bitsPerPixel();
            visual = x.visualClassName();
            bgra = x.isBgra32();
            shm = x.extension(XcbShm.EXTENSION_ID) == null ? null : version(MitShm.version(x));
            damage = version(x, XcbDamage.EXTENSION_ID, "DamageQueryVersion", XcbDamage.QUERY_VERSION,
                    XcbDamage.QUERY_VERSION_REPLY, 1, 1);
            xfixes = version(x, XcbXfixes.EXTENSION_ID, "XFixesQueryVersion", XcbXfixes.QUERY_VERSION,
                    XcbXfixes.QUERY_VERSION_REPLY, 6, 0);
            randr = version(x, XcbRandr.EXTENSION_ID, "RandrQueryVersion", XcbRandr.QUERY_VERSION,
                    XcbRandr.QUERY_VERSION_REPLY, 1, 6);
            monitors = MonitorList.query(x);
        }
        boolean fdPassing = false;
        if (bgra && shm != null) {
            // The only sure test of fd passing is to attach a memfd: open a one-pixel capture and see which it used.
            try (ScreenCapture probe = ScreenCapture.open(CaptureOptions.defaults().display(name)
                    .source(CaptureOptions.SOURCE_X11).region(Region.of(0, 0, 1, 1)).slots(1))) {
                fdPassing = X11Source.usesFdPassing(probe);
            }
        }
        return new DisplayInfo(name, width, height, depth, bpp, visual, bgra && shm != null, shm, fdPassing,
                damage, xfixes, randr, monitors);
    }

    /** The monitors of {@code display} (null: {@code $DISPLAY}). */
    public static java.util.List<dev.deskdup.Monitor> monitors(String display) {
        try (X11Connection x = X11Connection.connect(display)) {
            return MonitorList.query(x);
        }
    }

    private static String version(int[] v) {
        return v[0] + "." + v[1];
    }

    private static String version(X11Connection x, java.lang.foreign.MemorySegment id, String request,
                                  MethodHandle query, MethodHandle reply, int major, int minor) {
        if (x.extension(id) == null) {
            return null;
        }
        return version(x.queryVersion(request, query, reply, major, minor));
    }
}
