package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Asks an X server why it refused a connection. When the server refuses the connection setup, libxcb prints the
 * server's reason on stderr and reports only {@code XCB_CONN_ERROR}, which reads like a server that went away; this
 * class opens its own connection, sends the same setup request (protocol 11.0, the same cookie), and reads the
 * answer's status and reason (X protocol, "Connection Setup"). Only called after a connection failed.
 */
final class X11SetupProbe {

    /** What the server answered to the setup request. */
    record Answer(int status, String reason) {
        static final int FAILED = 0;
        static final int SUCCESS = 1;
        static final int AUTHENTICATE = 2;

        /** Whether the refusal is about credentials (a missing or wrong cookie), as far as the reason tells. */
        boolean refusesAuthorization() {
            if (status == AUTHENTICATE) {
                return true;
            }
            String r = reason.toLowerCase(java.util.Locale.ROOT);
            return status == FAILED && (r.contains("authoriz") || r.contains("protocol specified")
                    || r.contains("cookie") || r.contains(" key"));
        }
    }

    private static final long TIMEOUT_MILLIS = 1000;

    private X11SetupProbe() {
    }

    /**
     * After {@code XCB_CONN_ERROR}: whether the server is there and refused the setup, asked again with the cookie
     * the connection presented (the {@code xauthority} given, else {@code $XAUTHORITY} or {@code ~/.Xauthority}, as
     * libxcb reads them); the error saying so, or null when it did not refuse or cannot be asked (the connection
     * error stands).
     */
    static CaptureException refusal(String display, Path xauthority) {
        Path file = xauthority;
        String source = "xauthority=" + xauthority;
        if (file == null) {
            String env = System.getenv("XAUTHORITY");
            file = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"),
                    ".Xauthority");
            source = env != null && !env.isBlank() ? "XAUTHORITY=" + env : "~/.Xauthority";
        }
        byte[] cookie;
        try {
            cookie = XAuthority.cookie(file, display);
        } catch (CaptureException e) {
            cookie = null;
            source = "no cookie for it in " + source;
        }
        Answer answer = ask(display, cookie);
        if (answer == null || answer.status() == Answer.SUCCESS) {
            return null;
        }
        String said = answer.reason().isEmpty() ? "" : "it said \"" + answer.reason() + "\"; ";
        if (answer.refusesAuthorization()) {
            return new CaptureException("cannot connect to X display=" + display + ": the X server refused "
                    + "authorization for display=" + display + " (" + said + "credentials: " + source + "): check "
                    + "XAUTHORITY / xauth list");
        }
        return new CaptureException("cannot connect to X display=" + display + ": the X server refused the "
                + "connection (" + said + "credentials: " + source + ")");
    }

    /**
     * The server's answer to a setup with {@code cookie} ({@value XAuthority#PROTOCOL}; null: none), or null when
     * it cannot be asked (a display name of another form, no socket there, no answer within a second).
     */
    static Answer ask(String display, byte[] cookie) {
        SocketAddress address = address(display);
        if (address == null) {
            return null;
        }
        try (SocketChannel channel = SocketChannel.open(address.getClass() == UnixDomainSocketAddress.class
                ? java.net.StandardProtocolFamily.UNIX : java.net.StandardProtocolFamily.INET);
             Selector selector = Selector.open()) {
            long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
            channel.configureBlocking(false);
            SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
            if (!channel.connect(address)) {
                while (!channel.finishConnect()) {
                    if (!await(selector, deadline)) {
                        return null;
                    }
                }
            }
            ByteBuffer request = setupRequest(cookie);
            key.interestOps(SelectionKey.OP_WRITE);
            while (request.hasRemaining()) {
                if (channel.write(request) == 0 && !await(selector, deadline)) {
                    return null;
                }
            }
            key.interestOps(SelectionKey.OP_READ);
            ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (!readFully(channel, selector, header, deadline)) {
                return null;
            }
            int status = header.get(0) & 0xFF;
            if (status == Answer.SUCCESS) {
                return new Answer(status, "");
            }
            int extra = 4 * Short.toUnsignedInt(header.getShort(6));
            ByteBuffer rest = ByteBuffer.allocate(extra);
            if (!readFully(channel, selector, rest, deadline)) {
                return null;
            }
            int length = status == Answer.FAILED ? Math.min(extra, header.get(1) & 0xFF) : extra;
            String reason = new String(rest.array(), 0, length, StandardCharsets.ISO_8859_1)
                    .replace("\0", "").strip();
            return new Answer(status, reason);
        } catch (IOException | RuntimeException e) {
            return null; // nothing more to learn than the connection's own error
        } finally {
            if (cookie != null) {
                Arrays.fill(cookie, (byte) 0);
            }
        }
    }

    /** Little-endian setup request: byte order, protocol 11.0, the authorization name and data, each padded. */
    private static ByteBuffer setupRequest(byte[] cookie) {
        byte[] name = cookie == null ? new byte[0] : XAuthority.PROTOCOL.getBytes(StandardCharsets.US_ASCII);
        byte[] data = cookie == null ? new byte[0] : cookie;
        ByteBuffer b = ByteBuffer.allocate(12 + pad(name.length) + pad(data.length)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'l').put((byte) 0).putShort((short) 11).putShort((short) 0)
                .putShort((short) name.length).putShort((short) data.length).putShort((short) 0);
        b.put(name).position(12 + pad(name.length));
        b.put(data).position(b.capacity());
        return b.flip();
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private static boolean readFully(SocketChannel channel, Selector selector, ByteBuffer into, long deadline)
            throws IOException {
        while (into.hasRemaining()) {
            int n = channel.read(into);
            if (n < 0) {
                return false;
            }
            if (n == 0 && !await(selector, deadline)) {
                return false;
            }
        }
        return true;
    }

    /** Waits for the channel's interest until {@code deadline}; false when it passed. */
    private static boolean await(Selector selector, long deadline) throws IOException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            return false;
        }
        selector.select(left);
        selector.selectedKeys().clear();
        return true;
    }

    /**
     * Where libxcb connects for {@code display}: {@code :N} and {@code unix:N} the local socket
     * {@code /tmp/.X11-unix/XN}, {@code host:N} TCP port 6000+N; null for other forms.
     */
    static SocketAddress address(String display) {
        int colon = display.lastIndexOf(':');
        if (colon < 0) {
            return null;
        }
        String host = display.substring(0, colon);
        String number;
        try {
            number = XAuthority.displayNumber(display);
        } catch (RuntimeException e) {
            return null;
        }
        if (host.isEmpty() || host.equals("unix")) {
            Path socket = Path.of("/tmp/.X11-unix/X" + number);
            return Files.exists(socket) ? UnixDomainSocketAddress.of(socket) : null;
        }
        if (host.contains("/") || host.startsWith("[") || number.length() > 4) {
            return null; // a launchd path or a bracketed IPv6 form: not worth the guess
        }
        return new InetSocketAddress(host, 6000 + Integer.parseInt(number));
    }
}
