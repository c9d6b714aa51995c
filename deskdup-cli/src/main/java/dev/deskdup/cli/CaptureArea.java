package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Monitor;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;

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
     * Applies the area to {@code options}. An unknown monitor is a usage error listing the monitors there are; a
     * display without RandR 1.5 (no monitors listed) is left to the capture, which reports it as a capture error.
     */
    static CaptureOptions apply(CaptureOptions options, TargetOptions target, Target t, Region region,
                                String monitor) {
        if (monitor == null) {
            return options.region(region);
        }
        if (target.synthetic()) {
            throw new IllegalArgumentException("monitor=" + monitor + " with source=synthetic: the test pattern has "
                    + "no monitors (use --region, or capture an X display)");
        }
        List<Monitor> monitors = ScreenCapture.monitors(t.display());
        if (!monitors.isEmpty() && find(monitors, monitor) == null) {
            StringBuilder names = new StringBuilder();
            for (Monitor m : monitors) {
                names.append(names.isEmpty() ? "" : ", ").append(m.index()).append('=').append(m.name());
            }
            throw new IllegalArgumentException("monitor=" + monitor + " not found (monitors: " + names
                    + "; 'deskdup info' lists them; give a name or an index)");
        }
        return options.monitor(monitor);
    }

    /** By name, else by index when {@code nameOrIndex} is a number: as {@link CaptureOptions#monitor} resolves it. */
    static Monitor find(List<Monitor> monitors, String nameOrIndex) {
        for (Monitor m : monitors) {
            if (m.name().equals(nameOrIndex)) {
                return m;
            }
        }
        if (nameOrIndex.matches("\\d{1,4}")) {
            int i = Integer.parseInt(nameOrIndex);
            return i < monitors.size() ? monitors.get(i) : null;
        }
        return null;
    }
}
