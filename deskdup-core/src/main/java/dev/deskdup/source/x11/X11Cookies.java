package dev.deskdup.source.x11;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MIT-MAGIC-COOKIE-1 secrets of the private X servers this JVM started ({@link dev.deskdup.VirtualDisplay}), by
 * display name. Connections to those displays present the cookie directly, so they need no {@code XAUTHORITY}.
 */
public final class X11Cookies {

    /** The authorization protocol both Xvfb and xcb know. */
    public static final String PROTOCOL = "MIT-MAGIC-COOKIE-1";

    private static final Map<String, byte[]> COOKIES = new ConcurrentHashMap<>();

    private X11Cookies() {
    }

    public static void register(String display, byte[] cookie) {
        COOKIES.put(display, cookie.clone());
    }

    public static void unregister(String display) {
        COOKIES.remove(display);
    }

    /** The cookie for {@code display}, or null when this JVM did not start it. */
    static byte[] lookup(String display) {
        return COOKIES.get(display);
    }
}
