package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import dev.deskdup.WindowMatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What a command captures: the whole screen, {@code --region}, {@code --monitor}, or one {@code --window} (with
 * {@code --window-frame} for its decorations). A picocli mixin: every capturing command ({@code screenshot},
 * {@code stream}, and any later one) mixes it in, calls {@link #checkExclusive()} and {@link #apply}, and so takes
 * all of these options at once. Bad combinations are usage errors (exit 2) before anything is captured.
 */
public final class AreaOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--region", paramLabel = "X,Y,W,H", converter = Converters.RegionConverter.class,
            description = "Part of the screen: left, top, width, height in pixels (default: the whole screen). "
                    + "Not with --monitor or --window.")
    Region region;

    @Option(names = "--monitor", paramLabel = "NAME|INDEX",
            description = "One monitor: by its RandR name (e.g. DP-1) or its index, as 'deskdup info' lists them "
                    + "(default: the whole screen). Not with --region or --window.")
    String monitor;

    @Option(names = "--window", paramLabel = "ID|TITLE", converter = Converters.WindowMatchConverter.class,
            description = "One window, also where others cover it, followed as it moves and resizes: its id as "
                    + "'deskdup windows' or xwininfo print it (0x1a00003, or decimal), or a part of its title; "
                    + "also class:NAME, pid:N, title:TEXT. Frames have the window's size. Not with --region or "
                    + "--monitor.")
    WindowMatch window;

    @Option(names = "--window-frame",
            description = "With --window: the window manager's frame too (title bar, borders), not only the "
                    + "application's window.")
    boolean windowFrame;

    /** Two of {@code --region}, {@code --monitor}, {@code --window} together is a usage error. */
    public void checkExclusive() {
        if (region != null && monitor != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--region " + region + " and --monitor "
                    + monitor + " both given: choose one (a monitor is a region of the screen)");
        }
        if (window != null && (region != null || monitor != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window " + window + " and "
                    + (region != null ? "--region " + region : "--monitor " + monitor) + " both given: choose one "
                    + "(a window capture follows the window wherever it is)");
        }
        if (windowFrame && window == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--window-frame without --window: it "
                    + "adds the decorations of the captured window (give --window ID|TITLE)");
        }
    }

    /**
     * Applies the area to {@code options}. An unknown monitor or window is reported by the library as an
     * {@link IllegalArgumentException} listing the monitors there are, or the windows that come close (a usage
     * error, exit 2).
     */
    public CaptureOptions apply(CaptureOptions options, TargetOptions target) {
        if (window != null) {
            if (target.synthetic()) {
                throw new IllegalArgumentException("window=" + window + " with source=synthetic: the test pattern "
                        + "has no windows (capture an X display)");
            }
            return options.window(window).windowDecorations(windowFrame);
        }
        if (monitor == null) {
            return options.region(region);
        }
        if (target.synthetic()) {
            throw new IllegalArgumentException("monitor=" + monitor + " with source=synthetic: the test pattern has "
                    + "no monitors (use --region, or capture an X display)");
        }
        return options.monitor(monitor);
    }
}
