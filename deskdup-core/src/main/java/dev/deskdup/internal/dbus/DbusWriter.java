package dev.deskdup.internal.dbus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Marshals values into the D-Bus wire format, little-endian, driven by their signature. Java types per D-Bus type:
 * {@code y n q i u x t} any {@link Number}; {@code b} {@link Boolean}; {@code d} {@link Number}; {@code s o g}
 * {@link String}; {@code v} {@link Variant}; arrays a {@link List}; dictionaries a {@link Map}; structs a
 * {@link List} of their fields. Sending descriptors ({@code h}) is not needed by deskdup and refused.
 *
 * <p>Alignment is relative to the start of the message, so a body is written by the same writer right after the
 * header (see {@link DbusMessage#encode}).
 */
final class DbusWriter {

    private byte[] bytes = new byte[256];
    private int length;

    int length() {
        return length;
    }

    byte[] array() {
        return bytes;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    void pad(int alignment) {
        while (length % alignment != 0) {
            put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    void putByte(int b) {
        put((byte) b);
    }

    void putUint32(int v) {
        pad(4);
        ensure(4);
        bytes[length++] = (byte) v;
        bytes[length++] = (byte) (v >>> 8);
        bytes[length++] = (byte) (v >>> 16);
        bytes[length++] = (byte) (v >>> 24);
    }

    /** Overwrites a uint32 written earlier at {@code at} (array lengths, the body length). */
    void patchUint32(int at, int v) {
        bytes[at] = (byte) v;
        bytes[at + 1] = (byte) (v >>> 8);
        bytes[at + 2] = (byte) (v >>> 16);
        bytes[at + 3] = (byte) (v >>> 24);
    }

    private void putInt16(int v) {
        pad(2);
        ensure(2);
        bytes[length++] = (byte) v;
        bytes[length++] = (byte) (v >>> 8);
    }

    private void putInt64(long v) {
        pad(8);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[length++] = (byte) (v >>> (8 * i));
        }
    }

    void putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putUint32(b.length);
        ensure(b.length + 1);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        bytes[length++] = 0;
    }

    void putSignature(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length > 255) {
            throw new IllegalArgumentException("D-Bus signature of " + b.length + " bytes is longer than 255");
        }
        put((byte) b.length);
        ensure(b.length + 1);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
        bytes[length++] = 0;
    }

    /** Writes values of the complete types of {@code signature}, one value per type. */
    void write(String signature, List<?> values) {
        List<String> types = DbusSignature.split(signature);
        if (types.size() != values.size()) {
            throw new IllegalArgumentException("signature=\"" + signature + "\" has " + types.size()
                    + " types but " + values.size() + " values were given");
        }
        for (int i = 0; i < types.size(); i++) {
            value(types.get(i), values.get(i));
        }
    }

    /** Writes one value of the complete type {@code type}. */
    void value(String type, Object v) {
        char c = type.charAt(0);
        try {
            switch (c) {
                case 'y' -> put(((Number) v).byteValue());
                case 'b' -> putUint32((Boolean) v ? 1 : 0);
                case 'n', 'q' -> putInt16(((Number) v).intValue());
                case 'i', 'u' -> putUint32(((Number) v).intValue());
                case 'x', 't' -> putInt64(((Number) v).longValue());
                case 'd' -> putInt64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
                case 's', 'o' -> putString((String) v);
                case 'g' -> putSignature((String) v);
                case 'h' -> throw new IllegalArgumentException("sending file descriptors (type h) is not supported");
                case 'v' -> {
                    Variant var = (Variant) v;
                    putSignature(var.signature());
                    value(var.signature(), var.value());
                }
                case '(' -> {
                    pad(8);
                    List<?> fields = (List<?>) v;
                    write(type.substring(1, type.length() - 1), fields);
                }
                case 'a' -> array(type, v);
                default -> throw new IllegalArgumentException("type=" + type + " cannot be written");
            }
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("value=" + v + " does not fit D-Bus type=" + type, e);
        }
    }

    private void array(String type, Object v) {
        String element = type.substring(1);
        putUint32(0);
        int lengthAt = length - 4;
        pad(DbusSignature.alignment(element.charAt(0)));
        int start = length;
        if (element.charAt(0) == '{') {
            String kv = element.substring(1, element.length() - 1);
            int keyEnd = DbusSignature.end(kv, 0);
            String keyType = kv.substring(0, keyEnd);
            String valueType = kv.substring(keyEnd);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                pad(8);
                value(keyType, e.getKey());
                value(valueType, e.getValue());
            }
        } else {
            for (Object item : (List<?>) v) {
                value(element, item);
            }
        }
        patchUint32(lengthAt, length - start);
    }
}
