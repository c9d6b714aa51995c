package dev.deskdup.internal.wayland;

import dev.deskdup.internal.dbus.DbusConnection;
import dev.deskdup.internal.dbus.DbusException;
import dev.deskdup.internal.dbus.DbusMessage;
import dev.deskdup.internal.dbus.UnixFd;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A started screen-cast session: the portal's session object, its stream(s), the PipeWire connection it opened for
 * us, and the bus connection that keeps the session alive (the portal ends the session when our connection
 * closes). {@link #close()} ends it.
 */
public final class PortalSession implements AutoCloseable {

    private static final long CLOSE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DbusConnection bus;
    private final String handle;
    private final PortalInfo info;
    private final List<PortalStream> streams;
    private final int cursorMode;
    private final String restoreToken;
    private final Predicate<DbusMessage> closedSignal;
    private int pipewireFd;
    private boolean closedByPortal;
    private boolean closed;

    PortalSession(DbusConnection bus, String handle, PortalInfo info, List<PortalStream> streams, int cursorMode,
                  String restoreToken, int pipewireFd) {
        this.bus = bus;
        this.handle = handle;
        this.info = info;
        this.streams = List.copyOf(streams);
        this.cursorMode = cursorMode;
        this.restoreToken = restoreToken;
        this.pipewireFd = pipewireFd;
        this.closedSignal = m -> handle.equals(m.path()) && ScreenCastPortal.SESSION_IFACE.equals(m.iface())
                && "Closed".equals(m.member());
    }

    public String handle() {
        return handle;
    }

    public PortalInfo info() {
        return info;
    }

    public List<PortalStream> streams() {
        return streams;
    }

    /** The cursor mode granted (what was asked for in SelectSources). */
    public int cursorMode() {
        return cursorMode;
    }

    /** The token to restore this selection next time, or null (portal older than version 4, or not persisted). */
    public String restoreToken() {
        return restoreToken;
    }

    /** Hands over the PipeWire fd (once): the caller owns it from now on. */
    public int takePipeWireFd() {
        int fd = pipewireFd;
        if (fd < 0) {
            throw new IllegalStateException("the portal's PipeWire fd was already taken");
        }
        pipewireFd = -1;
        return fd;
    }

    /**
     * Whether the portal closed the session (the user stopped sharing, the compositor went away, our bus
     * connection broke). Cheap when nothing arrived; call it from time to time, not per frame.
     */
    public boolean closedByPortal() {
        return awaitClosedByPortal(0);
    }

    /** As {@link #closedByPortal()}, waiting up to {@code timeoutNanos} for the portal's Closed signal. */
    public synchronized boolean awaitClosedByPortal(long timeoutNanos) {
        if (closedByPortal || closed) {
            return closedByPortal;
        }
        if (!bus.isOpen()) {
            closedByPortal = true;
            return true;
        }
        try {
            if (bus.awaitSignal(closedSignal, timeoutNanos) != null) {
                closedByPortal = true;
            }
            bus.discardQueuedSignals(); // e.g. the bus's NameAcquired: nothing else is awaited any more
        } catch (DbusException e) {
            closedByPortal = true;
        }
        return closedByPortal;
    }

    /** Ends the session (Session.Close, best effort with a short timeout) and closes the bus connection. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (pipewireFd >= 0) {
            new UnixFd(pipewireFd).close();
            pipewireFd = -1;
        }
        try {
            if (bus.isOpen() && !closedByPortal) {
                bus.call(ScreenCastPortal.BUS_NAME, handle, ScreenCastPortal.SESSION_IFACE, "Close", "", List.of(),
                        CLOSE_TIMEOUT_NANOS);
            }
        } catch (DbusException e) {
            // the portal is gone or the session already ended: closing our connection ends it anyway
        } finally {
            bus.close();
        }
    }
}
