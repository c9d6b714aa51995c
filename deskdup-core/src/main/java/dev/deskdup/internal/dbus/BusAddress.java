package dev.deskdup.internal.dbus;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code unix:} transport of a D-Bus address ({@code unix:path=/run/user/1000/bus},
 * {@code unix:abstract=/tmp/dbus-XYZ,guid=…}); an address string lists several separated by {@code ;}, tried in
 * order. Other transports (tcp, launchd) are not supported.
 *
 * @param name         the socket path or abstract name
 * @param abstractName whether {@code name} is in Linux's abstract namespace
 */
record BusAddress(String name, boolean abstractName) {

    /** The session bus: {@code $DBUS_SESSION_BUS_ADDRESS}, else {@code $XDG_RUNTIME_DIR/bus}. */
    static List<BusAddress> session(String envAddress, String runtimeDir) {
        if (envAddress != null && !envAddress.isBlank()) {
            return parse(envAddress);
        }
        if (runtimeDir != null && !runtimeDir.isBlank()) {
            return List.of(new BusAddress(runtimeDir + "/bus", false));
        }
        throw new IllegalArgumentException("no session bus: DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are unset "
                + "(run inside a desktop session, or under dbus-run-session)");
    }

    static List<BusAddress> parse(String address) {
        List<BusAddress> out = new ArrayList<>();
        for (String one : address.split(";")) {
            if (!one.startsWith("unix:")) {
                continue;
            }
            String path = null, abs = null;
            for (String kv : one.substring(5).split(",")) {
                int eq = kv.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String k = kv.substring(0, eq), v = unescape(kv.substring(eq + 1));
                if (k.equals("path")) {
                    path = v;
                } else if (k.equals("abstract")) {
                    abs = v;
                }
            }
            if (path != null) {
                out.add(new BusAddress(path, false));
            } else if (abs != null) {
                out.add(new BusAddress(abs, true));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("D-Bus address=\"" + address + "\" has no unix:path= or "
                    + "unix:abstract= transport (the only kinds supported)");
        }
        return out;
    }

    /** Address values escape bytes as {@code %xx}. */
    private static String unescape(String v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '%' && i + 2 < v.length()) {
                b.append((char) Integer.parseInt(v.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
