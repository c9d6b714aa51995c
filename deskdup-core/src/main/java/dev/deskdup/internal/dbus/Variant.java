package dev.deskdup.internal.dbus;

/**
 * A D-Bus variant: a value with its own signature (one complete type), e.g. {@code new Variant("u", 2)}.
 *
 * @param signature the type of {@code value}
 * @param value     as {@link DbusWriter} takes and {@link DbusReader} gives values of that type
 */
public record Variant(String signature, Object value) {

    public Variant {
        if (signature == null || !DbusSignature.isSingle(signature)) {
            throw new IllegalArgumentException("variant signature=" + signature + " is not one complete type");
        }
    }

    public static Variant of(String s) {
        return new Variant("s", s);
    }

    public static Variant ofUint32(long u) {
        return new Variant("u", u);
    }

    public static Variant of(boolean b) {
        return new Variant("b", b);
    }
}
