package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What part of the screen a command captures: the whole screen, {@code --region}, or {@code --monitor}; the checks
 * that make a bad choice a usage error (exit 2) before anything is captured.
 */
final class CaptureArea {

    private CaptureArea() {
    }

    /** {@code --region} and {@code --monitor} together is a usage error: a monitor is a region of the screen. */
    static void checkExclusive(CommandSpec spec, Region region, String monitor) {
        if (region != null && monitor != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--region " + region + " and --monitor "
                    + monitor + " both given: choose one (a monitor is a region of the screen)");
        }
    }

    /**
     * Applies the area to {@code options}. An unknown monitor is reported by the library as an
     * {@link IllegalArgumentException} listing the monitors there are (a usage error, exit 2).
     */
    static CaptureOptions apply(CaptureOptions options, TargetOptions target, Region region, String monitor) {
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
