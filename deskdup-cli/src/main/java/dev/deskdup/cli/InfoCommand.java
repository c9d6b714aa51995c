package dev.deskdup.cli;

import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Monitor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code deskdup info}: what the display offers for capture. */
@Command(name = "info",
        mixinStandardHelpOptions = true,
        header = "Describe the display, its capture extensions and its monitors.",
        description = {
                "Describes what the capture backend sees. For an X display (the x11 source): screen size, depth, visual, and the versions of the extensions deskdup "
                        + "captures with: MIT-SHM (shared-memory images; 'fd passing' means the server accepts a "
                        + "memfd, which zero-copy capture needs), DAMAGE (which parts changed), XFIXES and RandR "
                        + "(screen changes). An absent extension shows as 'absent'.",
                "",
                "The 'capture' line says whether deskdup can capture this display: 'yes', or 'no' and why (e.g. a "
                        + "depth-16 screen: deskdup captures 32-bit BGRA TrueColor screens through MIT-SHM). "
                        + "info itself succeeds either way; with --check it exits with 3 when the display cannot "
                        + "be captured, for scripts.",
                "",
                "Then the monitors, as RandR 1.5 lists them (what --monitor of screenshot and stream takes, by "
                        + "name or by index): a 'monitors: N' line, then one line per monitor: index, name, "
                        + "geometry as WIDTHxHEIGHT+X+Y, and 'primary' for the primary one. Without RandR 1.5 "
                        + "it says 'monitors: none listed'.",
                "",
                "Output is one 'name: value' line per field, e.g.:",
                "",
                "  screen:   3840x1080",
                "  ...",
                "  monitors: 2",
                "    0  DP-1    1920x1080+0+0     primary",
                "    1  HDMI-1  1920x1080+1920+0",
                "",
                "In a Wayland session (or with --source wayland) it asks the desktop portal instead, without "
                        + "starting a capture (so no dialog appears) and without a private Xvfb: the session type, "
                        + "the PipeWire library's version, the ScreenCast portal's version (4 and later keep a "
                        + "permission: see --forget), the source types and cursor modes it offers (--cursor "
                        + "separate needs 'metadata'), and whether a permission is stored. The portal lists no "
                        + "monitors: its dialog chooses one when a capture starts. E.g.:",
                "",
                "  display:    wayland-0",
                "  source:     wayland",
                "  capturable: yes",
                "  features:",
                "    session        on   wayland",
                "    pipewire       on   libpipewire 0.3.65",
                "    portal         on   org.freedesktop.portal.ScreenCast version 4 ...",
                "    source-types   on   monitor, window",
                "    cursor-modes   on   hidden, embedded, metadata",
                "    restore-token  off  none stored (the portal asks at the next start)",
                "  monitors:   chosen in the portal's dialog when a capture starts"},
        footer = {
                "  deskdup info",
                "  deskdup info --display :1",
                "  deskdup info --virtual --screen-size 1920x1080",
                "  deskdup info --check >/dev/null || echo 'cannot capture this display'",
                "  deskdup info --source wayland --forget      # the portal asks again next time",
                "  deskdup screenshot right.png --monitor 1     # a monitor by the index 'info' printed"})
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--check",
            description = "Exit with 3 (capture error) when the display cannot be captured, after printing.")
    boolean check;

    @Override
    public Integer call() {
        if (target.synthetic()) {
            throw new IllegalArgumentException("source=synthetic has no display to describe (use --display D or "
                    + "--virtual)");
        }
        PrintWriter out = spec.commandLine().getOut();
        DisplayInfo info;
        try (Target t = target.open(spec.commandLine().getErr())) {
            info = DisplayInfo.query(target.captureOptions(t));
            print(info, out);
        }
        out.flush();
        if (check && !info.capturable()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("deskdup info: display " + info.display() + " cannot be captured: " + whyNotCapturable(info));
            err.flush();
            return ExitCodes.CAPTURE;
        }
        return ExitCodes.OK;
    }

    /** Why deskdup cannot capture the display, in one phrase with what to do (the library's words). */
    static String whyNotCapturable(DisplayInfo info) {
        return info.notCapturable() != null ? info.notCapturable() : "the " + info.source() + " source cannot capture it";
    }

    static void print(DisplayInfo info, PrintWriter out) {
        if (!"x11".equals(info.source())) {
            printOtherBackend(info, out);
            return;
        }
        field(out, "display", info.display());
        field(out, "screen", info.screenWidth() + "x" + info.screenHeight());
        field(out, "depth", info.depth() + " (" + info.bitsPerPixel() + " bits per pixel)");
        field(out, "visual", info.visualClass());
        field(out, "MIT-SHM", info.shmVersion() == null ? "absent"
                : info.shmVersion() + " (fd passing: " + (info.shmFdPassing() ? "yes" : "no") + ")");
        field(out, "DAMAGE", version(info, info.damageVersion(), "damage"));
        field(out, "XFIXES", version(info, info.xfixesVersion(), "cursor"));
        field(out, "RandR", version(info, info.randrVersion(), "monitors"));
        field(out, "capture", info.capturable() ? "yes" : "no: " + whyNotCapturable(info));
        printFeatures(info, out);
        if (info.monitors().isEmpty()) {
            field(out, "monitors", "none listed (RandR 1.5 absent; capture the screen or a --region)");
            return;
        }
        printMonitors(info, out);
    }

    /**
     * A backend other than X11 (Wayland, DXGI): what it reports in {@link DisplayInfo#features()}, without X11's
     * depth, visual and extension fields, which mean nothing there.
     */
    static void printOtherBackend(DisplayInfo info, PrintWriter out) {
        wideField(out, "display", info.display());
        wideField(out, "source", info.source());
        if (info.screenWidth() > 0 && info.screenHeight() > 0) {
            wideField(out, "screen", info.screenWidth() + "x" + info.screenHeight());
        }
        wideField(out, "capturable", info.capturable() ? "yes"
                : "no: " + (info.notCapturable() != null ? info.notCapturable() : "see the features"));
        printFeatures(info, out);
        if (info.monitors().isEmpty()) {
            wideField(out, "monitors", "wayland".equals(info.source())
                    ? "chosen in the portal's dialog when a capture starts" : "none listed");
            return;
        }
        printMonitors(info, out);
    }

    private static void printMonitors(DisplayInfo info, PrintWriter out) {
        field(out, "monitors", String.valueOf(info.monitors().size()));
        int nameWidth = 0;
        for (Monitor m : info.monitors()) {
            nameWidth = Math.max(nameWidth, m.name().length());
        }
        for (Monitor m : info.monitors()) {
            out.println(monitorLine(m, nameWidth));
        }
    }

    /** One line per optional feature: on or off, and why (a missing library says what to install). */
    static void printFeatures(DisplayInfo info, PrintWriter out) {
        if (info.features().isEmpty()) {
            return;
        }
        out.println("features:");
        int nameWidth = 0;
        for (Feature f : info.features()) {
            nameWidth = Math.max(nameWidth, f.name().length());
        }
        for (Feature f : info.features()) {
            out.println(String.format("  %-" + nameWidth + "s  %-3s  %s", f.name(), f.available() ? "on" : "off",
                    f.detail()).stripTrailing());
        }
    }

    /** {@code "  0  DP-1  1920x1080+0+0  primary"}, the name padded to {@code nameWidth}. */
    static String monitorLine(Monitor m, int nameWidth) {
        String line = String.format("  %d  %-" + Math.max(1, nameWidth) + "s  %-17s %s", m.index(), m.name(),
                m.width() + "x" + m.height() + "+" + m.x() + "+" + m.y(), m.primary() ? "primary" : "");
        return line.stripTrailing();
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("%-9s %s%n", name + ":", value);
    }

    private static void wideField(PrintWriter out, String name, String value) {
        out.printf("%-11s %s%n", name + ":", value);
    }

    /** The extension's version; "absent", or "not checked" when this machine lacks the library to ask. */
    private static String version(DisplayInfo info, String version, String feature) {
        if (version != null) {
            return version;
        }
        for (Feature f : info.features()) {
            if (f.name().equals(feature) && !f.available() && f.detail().contains("library=")) {
                return "not checked (its client library is missing: see features)";
            }
        }
        return "absent";
    }
}
