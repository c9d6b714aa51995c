package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What part of the screen a command captures: the whole screen, {@code --region}, or {@code --monitor} (a picocli
 * mixin shared by screenshot and stream); bad combinations are usage errors (exit 2) before anything is captured.
 */
public final class AreaOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--region", paramLabel = "X,Y,W,H", converter = Converters.RegionConverter.class,
            description = "Part of the screen: left, top, width, height in pixels (default: the whole screen). "
                    + "Not with --monitor.")
    Region region;

    @Option(names = "--monitor", paramLabel = "NAME|INDEX",
            description = "One monitor: by its RandR name (e.g. DP-1) or its index, as 'deskdup info' lists them "
                    + "(default: the whole screen). Not with --region.")
    String monitor;

    /** {@code --region} and {@code --monitor} together is a usage error: a monitor is a region of the screen. */
    public void checkExclusive() {
        if (region != null && monitor != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--region " + region + " and --monitor "
                    + monitor + " both given: choose one (a monitor is a region of the screen)");
        }
    }

    /**
     * Applies the area to {@code options}. An unknown monitor is reported by the library as an
     * {@link IllegalArgumentException} listing the monitors there are (a usage error, exit 2).
     */
    public CaptureOptions apply(CaptureOptions options, TargetOptions target) {
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
