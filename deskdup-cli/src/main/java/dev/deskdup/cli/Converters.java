package dev.deskdup.cli;

import dev.deskdup.CursorMode;
import dev.deskdup.Region;
import dev.deskdup.WindowMatch;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** picocli converters that keep the library's own messages (name=value + what to do) for bad values. */
public final class Converters {

    private Converters() {
    }

    static final class RegionConverter implements CommandLine.ITypeConverter<Region> {
        @Override
        public Region convert(String value) {
            try {
                return Region.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code 0x1a00003}, {@code 27262979}, {@code title:…}, {@code class:…}, {@code pid:…}, or a title. */
    static final class WindowMatchConverter implements CommandLine.ITypeConverter<WindowMatch> {
        @Override
        public WindowMatch convert(String value) {
            try {
                return WindowMatch.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class ScreenSizeConverter implements CommandLine.ITypeConverter<ScreenSize> {
        @Override
        public ScreenSize convert(String value) {
            try {
                return ScreenSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * A duration as people write it: {@code 10s}, {@code 1m30s}, {@code 500ms}, {@code 2h}, a bare number of
     * seconds ({@code 10}, {@code 2.5}), or ISO-8601 ({@code PT10S}).
     */
    static final class DurationConverter implements CommandLine.ITypeConverter<java.time.Duration> {
        private static final java.util.regex.Pattern PART =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

        @Override
        public java.time.Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return checked(value, java.time.Duration.parse(v.toUpperCase(Locale.ROOT)));
                }
                if (v.matches("\\d+(\\.\\d+)?")) {
                    return checked(value, nanos(Double.parseDouble(v), 1e9));
                }
                java.util.regex.Matcher m = PART.matcher(v);
                java.time.Duration total = java.time.Duration.ZERO;
                int end = 0;
                while (m.find() && m.start() == end) {
                    double n = Double.parseDouble(m.group(1));
                    total = total.plus(nanos(n, switch (m.group(2)) {
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    }));
                    end = m.end();
                }
                if (end == 0 || end != v.length()) {
                    throw new IllegalArgumentException();
                }
                return checked(value, total);
            } catch (CommandLine.TypeConversionException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new CommandLine.TypeConversionException("duration=" + value + " is not a duration (e.g. 10s, "
                        + "1m30s, 500ms, 2h, or a number of seconds)");
            }
        }

        private static java.time.Duration nanos(double n, double unit) {
            return java.time.Duration.ofNanos(Math.round(n * unit));
        }

        private static java.time.Duration checked(String value, java.time.Duration d) {
            if (d.isNegative() || d.isZero() || d.compareTo(java.time.Duration.ofDays(7)) > 0) {
                throw new CommandLine.TypeConversionException("duration=" + value + " is out of range (more than 0, "
                        + "at most 7 days)");
            }
            return d;
        }
    }

    /** {@code none}, {@code separate}, {@code composited} (any case). */
    public static final class CursorConverter implements CommandLine.ITypeConverter<CursorMode> {
        @Override
        public CursorMode convert(String value) {
            try {
                return CursorMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("cursor=" + value
                        + " is not a cursor mode (choose none, separate or composited)");
            }
        }
    }

    /** The values --cursor takes, as ${COMPLETION-CANDIDATES} shows them. */
    public static final class CursorModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("none", "separate", "composited").iterator();
        }
    }
}
