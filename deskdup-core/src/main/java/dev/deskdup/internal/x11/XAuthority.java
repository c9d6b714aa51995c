package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the cookie for one display from an Xauthority file (libXau's format: entries of family, address, display
 * number, protocol name and data, each a big-endian 16-bit length and its bytes), for a capture whose options name
 * the file explicitly. Only {@value #PROTOCOL} is used; the secret never reaches a message or a log.
 */
final class XAuthority {

    /** The authorization protocol Xvfb, Xorg and xcb share. */
    static final String PROTOCOL = "MIT-MAGIC-COOKIE-1";

    private static final int FAMILY_LOCAL = 256;
    private static final int FAMILY_WILD = 0xFFFF;

    private XAuthority() {
    }

    /**
     * The cookie for {@code display} (e.g. {@code ":3"}, {@code ":3.0"}) in {@code file}: an entry for its display
     * number (or for every number) of family Local or Wild.
     *
     * @throws CaptureException when the file cannot be read or holds no such cookie
     */
    static byte[] cookie(Path file, String display) {
        String number = displayNumber(display);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CaptureException("cannot read xauthority=" + file + " for display=" + display + ": " + e
                    + " (pass the Xauthority file of that display, e.g. VirtualDisplay.xauthority())", e);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            while (in.available() > 0) {
                int family = in.readUnsignedShort();
                field(in); // address: any host, it is our own machine
                String entryNumber = new String(field(in), StandardCharsets.US_ASCII);
                String name = new String(field(in), StandardCharsets.US_ASCII);
                byte[] data = field(in);
                if ((family == FAMILY_WILD || family == FAMILY_LOCAL) && PROTOCOL.equals(name)
                        && (entryNumber.isEmpty() || entryNumber.equals(number))) {
                    return data;
                }
                Arrays.fill(data, (byte) 0);
            }
        } catch (IOException e) {
            throw new CaptureException("xauthority=" + file + " is not an Xauthority file (" + e + "); pass the file "
                    + "xauth writes for display=" + display, e);
        }
        throw new CaptureException("xauthority=" + file + " holds no " + PROTOCOL + " cookie for display=" + display
                + " (check it with: xauth -f " + file + " list)");
    }

    private static byte[] field(DataInputStream in) throws IOException {
        int length = in.readUnsignedShort();
        byte[] b = new byte[length];
        in.readFully(b);
        return b;
    }

    /** {@code ":3.0"} → {@code "3"}; {@code "host:12"} → {@code "12"}. */
    static String displayNumber(String display) {
        int colon = display.lastIndexOf(':');
        if (colon < 0 || colon == display.length() - 1) {
            throw new CaptureException("display=" + display + " has no display number (expected e.g. :0 or :99.0)");
        }
        String rest = display.substring(colon + 1);
        int dot = rest.indexOf('.');
        String number = dot < 0 ? rest : rest.substring(0, dot);
        if (!number.chars().allMatch(c -> c >= '0' && c <= '9') || number.isEmpty()) {
            throw new CaptureException("display=" + display + " has no display number (expected e.g. :0 or :99.0)");
        }
        return number;
    }
}
