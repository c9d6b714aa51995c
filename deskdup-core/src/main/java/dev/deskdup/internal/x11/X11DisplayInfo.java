package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Monitor;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/** Builds a {@link DisplayInfo} by asking the server for each extension deskdup uses. */
final class X11DisplayInfo {

    private X11DisplayInfo() {
    }

    static DisplayInfo query(CaptureOptions options) {
        try (X11Connection x = X11Connection.connect(options.effectiveDisplay(), options.xauthority())) {
            List<Feature> features = new ArrayList<>();
            String shm = !XcbShm.LIB.isLoaded() || x.extension(XcbShm.EXTENSION_ID) == null ? null
                    : version(MitShm.version(x));
            boolean bgra = x.isBgra32();
            String damage = version(x, XcbDamage.LIB.isLoaded(), XcbDamage.EXTENSION_ID, "DamageQueryVersion",
                    XcbDamage.QUERY_VERSION, 1, 1);
            String xfixes = version(x, XcbXfixes.LIB.isLoaded(), XcbXfixes.EXTENSION_ID, "XFixesQueryVersion",
                    XcbXfixes.QUERY_VERSION, 6, 0);
            String randr = version(x, XcbRandr.LIB.isLoaded(), XcbRandr.EXTENSION_ID, "RandrQueryVersion",
                    XcbRandr.QUERY_VERSION, 1, 6);
            String noDamage = DamageTracker.unavailableReason(x);
            features.add(noDamage == null ? Feature.on("damage", "DAMAGE " + damage + " + XFIXES " + xfixes
                    + ": change-driven capture") : Feature.off("damage", noDamage + ": full-frame polling"));
            String noCursor = CursorTracker.unavailableReason(x);
            features.add(noCursor == null ? Feature.on("cursor", "XFIXES " + xfixes)
                    : Feature.off("cursor", noCursor + ": no cursor in frames"));
            String noMonitors = MonitorList.unavailableReason(x);
            boolean randr15 = noMonitors == null && MonitorList.available(x);
            features.add(randr15 ? Feature.on("monitors", "RandR " + randr)
                    : Feature.off("monitors", (noMonitors != null ? noMonitors : "RandR " + randr + " is older than "
                    + "1.5") + ": the whole screen is one monitor"));
            String noWindow = WindowTarget.unavailableReason(x);
            features.add(noWindow == null
                    ? Feature.on("window", "Composite " + version(WindowTarget.compositeVersion(x))
                            + ": one window, also where covered")
                    : Feature.off("window", noWindow + ": window(...) cannot be captured"));
            String noMotion = PointerMotion.unavailableReason(x);
            int[] xinput = noMotion == null ? PointerMotion.version(x) : null;
            if (xinput != null && xinput[0] < 2) {
                noMotion = "display=" + x.display() + " has XInput " + version(xinput) + ", not 2";
            }
            features.add(noMotion == null
                    ? Feature.on("pointer-motion", "XInput " + version(xinput)
                            + ": a pointer moving alone makes frames (with a cursor mode)")
                    : Feature.off("pointer-motion", noMotion + ": a pointer moving over an idle screen makes no "
                            + "frame"));
            boolean fdPassing = false;
            if (bgra && shm != null) {
                // The only sure test of fd passing is to attach a memfd; one page is enough.
                try (ShmSegment probe = ShmSegment.create(x, 4096, true)) {
                    fdPassing = probe.fdPassing;
                }
            }
            features.add(fdPassing ? Feature.on("fd-passing", "MIT-SHM " + shm + ": the server writes into memfds")
                    : Feature.off("fd-passing", shm == null ? "no MIT-SHM" : "MIT-SHM " + shm
                    + " refused a memfd: SysV segments instead"));
            List<Monitor> monitors = MonitorList.query(x);
            String notCapturable = null;
            if (!bgra) {
                notCapturable = "unsupported visual: depth=" + x.depth() + ", bpp=" + x.bitsPerPixel() + ", class="
                        + x.visualClassName() + " (deskdup captures depth-24/32 TrueColor screens with 32 bits per "
                        + "pixel; start Xvfb with -screen 0 WxHx24)";
            } else if (shm == null) {
                notCapturable = "MIT-SHM is not available on display=" + x.display() + " (it is missing on remote "
                        + "or ssh-forwarded displays; run on the machine of the X server)";
            }
            return new DisplayInfo(x.display(), x.width(), x.height(), x.depth(), x.bitsPerPixel(),
                    x.visualClassName(), notCapturable == null, shm, fdPassing, damage, xfixes, randr, monitors,
                    CaptureOptions.SOURCE_X11, features, notCapturable);
        }
    }

    private static String version(int[] v) {
        return v[0] + "." + v[1];
    }

    private static String version(X11Connection x, boolean loaded, MemorySegment id, String request,
                                  MethodHandle query, int major, int minor) {
        if (!loaded || x.extension(id) == null) {
            return null;
        }
        return version(x.queryVersion(request, query, major, minor));
    }
}
