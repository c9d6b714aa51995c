package dev.deskdup.cli;

import dev.deskdup.Region;
import picocli.CommandLine;

/** picocli converters that keep the library's own messages (name=value + what to do) for bad values. */
final class Converters {

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
}
