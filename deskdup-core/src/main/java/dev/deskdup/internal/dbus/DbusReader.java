package dev.deskdup.internal.dbus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Unmarshals D-Bus values, driven by their signature, in either byte order. Java types per D-Bus type: {@code y}
 * Byte, {@code b} Boolean, {@code n} Short, {@code q} Integer, {@code i} Integer, {@code u} Long (unsigned),
 * {@code x t} Long, {@code d} Double, {@code s o g} String, {@code h} {@link UnixFd}, {@code v} {@link Variant},
 * arrays a {@link List}, dictionaries a {@link LinkedHashMap}, structs a {@link List} of fields.
 *
 * <p>Malformed input (lengths past the end, bad booleans, nesting deeper than 64) throws
 * {@link IllegalArgumentException}: a message from the bus is input like any other.
 */
final class DbusReader {

    private static final int MAX_DEPTH = 64;

    private final byte[] bytes;
    private final int end;
    private final boolean bigEndian;
    private final List<UnixFd> fds;
    private int pos;
    private int depth;

    /**
     * @param pos where to start; alignment counts from index 0 (the message's first byte)
     * @param fds the descriptors that came with the message, for {@code h} values (their indices)
     */
    DbusReader(byte[] bytes, int pos, int end, boolean bigEndian, List<UnixFd> fds) {
        this.bytes = bytes;
        this.pos = pos;
        this.end = end;
        this.bigEndian = bigEndian;
        this.fds = fds;
    }

    int position() {
        return pos;
    }

    void align(int alignment) {
        int p = (pos + alignment - 1) / alignment * alignment;
        need(p - pos);
        pos = p;
    }

    private void need(int n) {
        if (n < 0 || pos + n > end) {
            throw new IllegalArgumentException("D-Bus message is truncated: " + n + " bytes needed at offset "
                    + pos + " of " + end);
        }
    }

    int readByte() {
        need(1);
        return bytes[pos++] & 0xFF;
    }

    int readUint32() {
        align(4);
        need(4);
        int b0 = bytes[pos] & 0xFF, b1 = bytes[pos + 1] & 0xFF, b2 = bytes[pos + 2] & 0xFF, b3 = bytes[pos + 3] & 0xFF;
        pos += 4;
        return bigEndian ? (b0 << 24) | (b1 << 16) | (b2 << 8) | b3 : (b3 << 24) | (b2 << 16) | (b1 << 8) | b0;
    }

    private int readInt16() {
        align(2);
        need(2);
        int b0 = bytes[pos] & 0xFF, b1 = bytes[pos + 1] & 0xFF;
        pos += 2;
        return bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    }

    private long readInt64() {
        align(8);
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            long b = bytes[pos + i] & 0xFF;
            v |= bigEndian ? b << (8 * (7 - i)) : b << (8 * i);
        }
        pos += 8;
        return v;
    }

    String readString() {
        int n = readUint32();
        need(n);
        need(n + 1);
        String s = new String(bytes, pos, n, StandardCharsets.UTF_8);
        if (bytes[pos + n] != 0) {
            throw new IllegalArgumentException("D-Bus string at offset " + pos + " is not NUL-terminated");
        }
        pos += n + 1;
        return s;
    }

    String readSignature() {
        int n = readByte();
        need(n + 1);
        String s = new String(bytes, pos, n, StandardCharsets.US_ASCII);
        pos += n + 1;
        return s;
    }

    /** Reads one value per complete type of {@code signature}. */
    List<Object> read(String signature) {
        List<Object> values = new ArrayList<>();
        for (String type : DbusSignature.split(signature)) {
            values.add(value(type));
        }
        return values;
    }

    Object value(String type) {
        if (++depth > MAX_DEPTH) {
            throw new IllegalArgumentException("D-Bus value nests deeper than " + MAX_DEPTH);
        }
        try {
            char c = type.charAt(0);
            return switch (c) {
                case 'y' -> (byte) readByte();
                case 'b' -> {
                    int b = readUint32();
                    if (b != 0 && b != 1) {
                        throw new IllegalArgumentException("D-Bus boolean=" + b + " is neither 0 nor 1");
                    }
                    yield b == 1;
                }
                case 'n' -> (short) readInt16();
                case 'q' -> readInt16() & 0xFFFF;
                case 'i' -> readUint32();
                case 'u' -> Integer.toUnsignedLong(readUint32());
                case 'x', 't' -> readInt64();
                case 'd' -> Double.longBitsToDouble(readInt64());
                case 's', 'o' -> readString();
                case 'g' -> readSignature();
                case 'h' -> {
                    int index = readUint32();
                    if (index < 0 || index >= fds.size()) {
                        throw new IllegalArgumentException("D-Bus fd index=" + index + " but the message carries "
                                + fds.size() + " descriptors");
                    }
                    yield fds.get(index);
                }
                case 'v' -> {
                    String sig = readSignature();
                    if (!DbusSignature.isSingle(sig)) {
                        throw new IllegalArgumentException("D-Bus variant signature=\"" + sig
                                + "\" is not one complete type");
                    }
                    yield new Variant(sig, value(sig));
                }
                case '(' -> {
                    align(8);
                    yield read(type.substring(1, type.length() - 1));
                }
                case 'a' -> array(type);
                default -> throw new IllegalArgumentException("D-Bus type=" + type + " is unknown");
            };
        } finally {
            depth--;
        }
    }

    private Object array(String type) {
        int n = readUint32();
        String element = type.substring(1);
        align(DbusSignature.alignment(element.charAt(0)));
        need(n);
        int stop = pos + n;
        if (element.charAt(0) == '{') {
            String kv = element.substring(1, element.length() - 1);
            int keyEnd = DbusSignature.end(kv, 0);
            String keyType = kv.substring(0, keyEnd);
            String valueType = kv.substring(keyEnd);
            Map<Object, Object> map = new LinkedHashMap<>();
            while (pos < stop) {
                align(8);
                Object k = value(keyType);
                map.put(k, value(valueType));
            }
            checkEnd(stop);
            return map;
        }
        List<Object> list = new ArrayList<>();
        while (pos < stop) {
            list.add(value(element));
        }
        checkEnd(stop);
        return list;
    }

    private void checkEnd(int stop) {
        if (pos != stop) {
            throw new IllegalArgumentException("D-Bus array overruns its length: ended at " + pos + ", declared "
                    + stop);
        }
    }
}
