package dev.deskdup.spi;

/**
 * Whether a {@link SourceProvider} can capture here and now, and if not, why (one line, {@code name=value}, what to
 * do), e.g. {@code "os.name=Linux: DXGI needs Windows"}.
 */
public record Availability(boolean available, String reason) {

    private static final Availability YES = new Availability(true, "available");

    public static Availability yes() {
        return YES;
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
