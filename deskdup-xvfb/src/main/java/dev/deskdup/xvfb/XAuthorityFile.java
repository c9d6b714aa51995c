package dev.deskdup.xvfb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes an Xauthority file (libXau's format: family, address, display number, protocol name, data, each
 * length-prefixed, big-endian) holding one cookie for any address (FamilyWild), mode 0600.
 */
final class XAuthorityFile {

    /** The authorization protocol both Xvfb and xcb know. */
    static final String PROTOCOL = "MIT-MAGIC-COOKIE-1";
    private static final int FAMILY_WILD = 0xFFFF;

    private XAuthorityFile() {
    }

    /**
     * The {@value #PROTOCOL} cookie for display number {@code number} (or for any number) of family Local or Wild
     * in {@code file}.
     *
     * @throws IOException when the file cannot be read or holds no such cookie
     */
    static byte[] read(Path file, String number) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            while (in.available() > 0) {
                int family = in.readUnsignedShort();
                field(in);
                String entryNumber = new String(field(in), StandardCharsets.US_ASCII);
                String name = new String(field(in), StandardCharsets.US_ASCII);
                byte[] data = field(in);
                if ((family == FAMILY_WILD || family == 256) && PROTOCOL.equals(name)
                        && (entryNumber.isEmpty() || entryNumber.equals(number))) {
                    return data;
                }
            }
        }
        throw new IOException("no " + PROTOCOL + " cookie for display number " + number + " in " + file);
    }

    private static byte[] field(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }

    /** Writes {@code file} atomically (a 0600 temp file renamed over it); {@code number} empty: any display. */
    static void write(Path file, String number, byte[] cookie) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeShort(FAMILY_WILD);
        out.writeShort(0); // no address
        byte[] n = number.getBytes(StandardCharsets.US_ASCII);
        out.writeShort(n.length);
        out.write(n);
        byte[] protocol = PROTOCOL.getBytes(StandardCharsets.US_ASCII);
        out.writeShort(protocol.length);
        out.write(protocol);
        out.writeShort(cookie.length);
        out.write(cookie);
        Path temp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temp);
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temp, bytes.toByteArray());
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
