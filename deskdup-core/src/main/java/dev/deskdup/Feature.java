package dev.deskdup;

/**
 * One optional capability of a backend and whether it is on, e.g. {@code damage} (change-driven capture),
 * {@code cursor}, {@code monitors}. A feature is off when the display lacks it or a native library for it is
 * missing; {@code detail} then says which and what to install.
 *
 * @param name      short name, e.g. {@code "damage"}
 * @param available whether it can be used
 * @param detail    its version when available (e.g. {@code "DAMAGE 1.1"}), else why not, in one line
 */
public record Feature(String name, boolean available, String detail) {

    public static Feature on(String name, String detail) {
        return new Feature(name, true, detail);
    }

    public static Feature off(String name, String reason) {
        return new Feature(name, false, reason);
    }
}
