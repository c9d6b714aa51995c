package dev.deskdup.internal.synthetic;

import dev.deskdup.CaptureOptions;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Monitor;
import dev.deskdup.spi.Availability;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;
import dev.deskdup.spi.SourceProvider;

import java.util.List;

/** The deterministic test pattern: no display, no native code, available everywhere when asked for by name. */
public final class SyntheticProvider implements SourceProvider {

    @Override
    public String name() {
        return CaptureOptions.SOURCE_SYNTHETIC;
    }

    @Override
    public Availability availability(CaptureOptions options) {
        return Availability.yes();
    }

    @Override
    public CaptureSource open(CaptureOptions options, SourceContext context) {
        return new SyntheticSource(options, context);
    }

    @Override
    public List<Monitor> monitors(CaptureOptions options) {
        return List.of(new Monitor(0, "synthetic", 0, 0, options.syntheticWidth(), options.syntheticHeight(), true));
    }

    @Override
    public DisplayInfo displayInfo(CaptureOptions options) {
        return new DisplayInfo("synthetic", options.syntheticWidth(), options.syntheticHeight(), 24, 32, "TrueColor",
                true, null, false, null, null, null, monitors(options), CaptureOptions.SOURCE_SYNTHETIC,
                List.of(Feature.off("damage", "the test pattern changes everywhere in every frame"),
                        Feature.off("cursor", "the test pattern has no pointer")), null);
    }
}
