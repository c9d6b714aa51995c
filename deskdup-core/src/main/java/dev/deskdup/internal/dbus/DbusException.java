package dev.deskdup.internal.dbus;

/**
 * A D-Bus call failed: an error reply (with its error name, e.g. {@code org.freedesktop.DBus.Error.ServiceUnknown}),
 * no reply within the timeout, or a broken connection ({@link #errorName()} then names deskdup's own condition:
 * {@link #TIMEOUT}, {@link #DISCONNECTED}).
 */
public class DbusException extends Exception {

    public static final String TIMEOUT = "dev.deskdup.dbus.Timeout";
    public static final String DISCONNECTED = "dev.deskdup.dbus.Disconnected";

    private final String errorName;

    public DbusException(String errorName, String message) {
        super(message);
        this.errorName = errorName;
    }

    public DbusException(String errorName, String message, Throwable cause) {
        super(message, cause);
        this.errorName = errorName;
    }

    public String errorName() {
        return errorName;
    }
}
