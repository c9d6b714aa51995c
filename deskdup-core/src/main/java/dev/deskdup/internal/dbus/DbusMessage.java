package dev.deskdup.internal.dbus;

import java.util.ArrayList;
import java.util.List;

/**
 * One D-Bus message: its header fields and its body, decoded. Messages are not on any hot path; they are plain
 * immutable objects.
 *
 * <pre>
 *  0 'l' or 'B' (byte order)   1 type   2 flags   3 protocol version (1)
 *  4 uint32 body length        8 uint32 serial
 * 12 array of struct (byte field code, variant value)   — path, interface, member, error, reply serial, …
 *    padding to 8, then the body (its signature is the SIGNATURE field)
 * </pre>
 */
public record DbusMessage(int type, int flags, int serial, String path, String iface, String member,
                          String errorName, int replySerial, String destination, String sender, String signature,
                          List<Object> body, List<UnixFd> fds) {

    public static final int METHOD_CALL = 1;
    public static final int METHOD_RETURN = 2;
    public static final int ERROR = 3;
    public static final int SIGNAL = 4;

    static final int FLAG_NO_REPLY_EXPECTED = 0x1;

    /** Header field codes. */
    static final int F_PATH = 1, F_INTERFACE = 2, F_MEMBER = 3, F_ERROR_NAME = 4, F_REPLY_SERIAL = 5,
            F_DESTINATION = 6, F_SENDER = 7, F_SIGNATURE = 8, F_UNIX_FDS = 9;

    /** The longest message the specification allows (128 MiB). */
    static final int MAX_LENGTH = 128 * 1024 * 1024;
    static final int FIXED_HEADER = 16;

    public DbusMessage {
        signature = signature == null ? "" : signature;
        body = body == null ? List.of() : List.copyOf(body);
        fds = fds == null ? List.of() : List.copyOf(fds);
    }

    static DbusMessage call(String destination, String path, String iface, String member, String signature,
                            List<Object> body) {
        return new DbusMessage(METHOD_CALL, 0, 0, path, iface, member, null, 0, destination, null, signature,
                body, null);
    }

    /** The first body value, for replies of one value. */
    public Object arg(int index) {
        if (index >= body.size()) {
            throw new IllegalArgumentException("D-Bus message " + describe() + " has " + body.size()
                    + " values, not " + (index + 1));
        }
        return body.get(index);
    }

    String describe() {
        return switch (type) {
            case METHOD_CALL -> "call " + iface + "." + member + " on " + path;
            case METHOD_RETURN -> "reply to serial " + replySerial;
            case ERROR -> "error " + errorName + " replying to serial " + replySerial;
            case SIGNAL -> "signal " + iface + "." + member + " from " + path;
            default -> "message type " + type;
        };
    }

    /** Encodes the message with {@code serial}, little-endian. */
    byte[] encode(int serial) {
        if (!fds.isEmpty()) {
            throw new IllegalArgumentException("sending file descriptors is not supported");
        }
        DbusWriter w = new DbusWriter();
        w.putByte('l');
        w.putByte(type);
        w.putByte(flags);
        w.putByte(1);
        w.putUint32(0); // body length, patched below
        w.putUint32(serial);
        List<Object> fields = new ArrayList<>();
        field(fields, F_PATH, "o", path);
        field(fields, F_INTERFACE, "s", iface);
        field(fields, F_MEMBER, "s", member);
        field(fields, F_ERROR_NAME, "s", errorName);
        if (replySerial != 0) {
            field(fields, F_REPLY_SERIAL, "u", replySerial);
        }
        field(fields, F_DESTINATION, "s", destination);
        if (!signature.isEmpty()) {
            field(fields, F_SIGNATURE, "g", signature);
        }
        w.value("a(yv)", fields);
        w.pad(8);
        int bodyStart = w.length();
        w.write(signature, body);
        w.patchUint32(4, w.length() - bodyStart);
        if (w.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("D-Bus message of " + w.length() + " bytes is too long");
        }
        return w.toByteArray();
    }

    private static void field(List<Object> fields, int code, String sig, Object value) {
        if (value != null) {
            fields.add(List.of((byte) code, new Variant(sig, value)));
        }
    }

    /**
     * The length of the message starting at {@code bytes[0]}, or -1 when fewer than 16 bytes are there to tell.
     *
     * @throws IllegalArgumentException when the header is malformed or the message too long
     */
    static int frameLength(byte[] bytes, int available) {
        if (available < FIXED_HEADER) {
            return -1;
        }
        boolean big = byteOrder(bytes[0]);
        if (bytes[3] != 1) {
            throw new IllegalArgumentException("D-Bus protocol version=" + bytes[3] + " (only 1 exists)");
        }
        DbusReader r = new DbusReader(bytes, 4, FIXED_HEADER, big, List.of());
        long body = Integer.toUnsignedLong(r.readUint32());
        r.readUint32();
        long fields = Integer.toUnsignedLong(r.readUint32());
        long total = ((FIXED_HEADER + fields + 7) & ~7L) + body;
        if (total > MAX_LENGTH) {
            throw new IllegalArgumentException("D-Bus message length=" + total + " exceeds " + MAX_LENGTH);
        }
        return (int) total;
    }

    private static boolean byteOrder(byte b) {
        return switch (b) {
            case 'l' -> false;
            case 'B' -> true;
            default -> throw new IllegalArgumentException("D-Bus byte order mark=" + b + " is neither 'l' nor 'B'");
        };
    }

    /**
     * Decodes one whole message ({@link #frameLength} bytes).
     *
     * @param pendingFds descriptors received so far, in order; the ones this message carries are taken from its
     *                   front
     */
    static DbusMessage decode(byte[] bytes, int length, List<UnixFd> pendingFds) {
        boolean big = byteOrder(bytes[0]);
        DbusReader r = new DbusReader(bytes, 1, length, big, List.of());
        int type = r.readByte();
        int flags = r.readByte();
        r.readByte();
        int bodyLength = r.readUint32();
        int serial = r.readUint32();
        @SuppressWarnings("unchecked")
        List<Object> fields = (List<Object>) r.value("a(yv)");
        r.align(8);
        String path = null, iface = null, member = null, error = null, destination = null, sender = null;
        String signature = "";
        int replySerial = 0;
        long unixFds = 0;
        for (Object f : fields) {
            List<?> kv = (List<?>) f;
            int code = (Byte) kv.get(0) & 0xFF;
            Object v = ((Variant) kv.get(1)).value();
            switch (code) {
                case F_PATH -> path = (String) v;
                case F_INTERFACE -> iface = (String) v;
                case F_MEMBER -> member = (String) v;
                case F_ERROR_NAME -> error = (String) v;
                case F_REPLY_SERIAL -> replySerial = (int) (long) (Long) v;
                case F_DESTINATION -> destination = (String) v;
                case F_SENDER -> sender = (String) v;
                case F_SIGNATURE -> signature = (String) v;
                case F_UNIX_FDS -> unixFds = (Long) v;
                default -> { } // unknown fields are to be ignored (specification)
            }
        }
        if (unixFds > pendingFds.size()) {
            throw new IllegalArgumentException("D-Bus message serial=" + serial + " says it carries " + unixFds
                    + " descriptors but " + pendingFds.size() + " arrived");
        }
        List<UnixFd> fds = new ArrayList<>();
        for (long i = 0; i < unixFds; i++) {
            fds.add(pendingFds.removeFirst());
        }
        try {
            return decodeBody(bytes, length, r, big, type, flags, bodyLength, serial, path, iface, member, error,
                    replySerial, destination, sender, signature, fds);
        } catch (RuntimeException e) {
            for (UnixFd fd : fds) {
                SocketCalls.close(fd.fd()); // nobody will take them from a message that failed to decode
            }
            throw e;
        }
    }

    private static DbusMessage decodeBody(byte[] bytes, int length, DbusReader r, boolean big, int type, int flags,
                                          int bodyLength, int serial, String path, String iface, String member,
                                          String error, int replySerial, String destination, String sender,
                                          String signature, List<UnixFd> fds) {
        int bodyStart = r.position();
        if (bodyStart + Integer.toUnsignedLong(bodyLength) != length) {
            throw new IllegalArgumentException("D-Bus message serial=" + serial + " body length does not match");
        }
        DbusReader body = new DbusReader(bytes, bodyStart, length, big, fds);
        // The body's alignment counts from its own start, which is 8-aligned in the message: same offsets mod 8.
        List<Object> values = body.read(signature);
        if (body.position() != length) {
            throw new IllegalArgumentException("D-Bus message serial=" + serial + " has " + (length
                    - body.position()) + " bytes past its signature=\"" + signature + "\"");
        }
        return new DbusMessage(type, flags, serial, path, iface, member, error, replySerial, destination, sender,
                signature, values, fds);
    }
}
