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
