package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureException;
import dev.deskdup.internal.dbus.DbusConnection;
import dev.deskdup.internal.dbus.DbusException;
import dev.deskdup.internal.dbus.DbusMessage;
import dev.deskdup.internal.dbus.UnixFd;
import dev.deskdup.internal.dbus.Variant;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code org.freedesktop.portal.ScreenCast} handshake: CreateSession → SelectSources → Start →
 * OpenPipeWireRemote. Each of the first three answers twice: the call returns a request object at once, and the
 * result comes later as that request's {@code Response(u code, a{sv} results)} signal, after the user chose in the
 * portal's dialog (Start). We subscribe to the response before calling, at the path the portal will use (our
 * unique name and a random token), so it cannot be missed.
 *
 * <p>Response codes: 0 success, 1 the user cancelled, 2 anything else. Every wait has a timeout; none hangs.
 */
public final class ScreenCastPortal {

    static final String BUS_NAME = "org.freedesktop.portal.Desktop";
    static final String OBJECT_PATH = "/org/freedesktop/portal/desktop";
    static final String SCREENCAST_IFACE = "org.freedesktop.portal.ScreenCast";
    static final String REQUEST_IFACE = "org.freedesktop.portal.Request";
    static final String SESSION_IFACE = "org.freedesktop.portal.Session";
    static final String PROPERTIES_IFACE = "org.freedesktop.DBus.Properties";

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * What to ask for.
     *
     * @param cursorMode         {@link PortalInfo#CURSOR_HIDDEN}, {@code EMBEDDED} or {@code METADATA}
     * @param restoreToken       a token from an earlier session to skip the dialog, or null
     * @param persist            ask for a token that restores this selection later ({@code persist_mode=2})
     * @param callTimeoutNanos   for each method call and each response that needs no user action
     * @param startTimeoutNanos  for Start's response (the user may be choosing in a dialog)
     */
    public record Request(int cursorMode, String restoreToken, boolean persist, long callTimeoutNanos,
                          long startTimeoutNanos) {
    }

    private ScreenCastPortal() {
    }

    /** The portal's properties (version, source types, cursor modes). */
    public static PortalInfo query(DbusConnection bus, long timeoutNanos) {
        try {
            DbusMessage reply = bus.call(BUS_NAME, OBJECT_PATH, PROPERTIES_IFACE, "GetAll", "s",
                    List.of(SCREENCAST_IFACE), timeoutNanos);
            Map<?, ?> props = (Map<?, ?>) reply.arg(0);
            return new PortalInfo(uint(props, "version"), uint(props, "AvailableSourceTypes"),
                    uint(props, "AvailableCursorModes"));
        } catch (DbusException e) {
            throw new CaptureException(noPortal(e), e);
        }
    }

    private static String noPortal(DbusException e) {
        if ("org.freedesktop.DBus.Error.ServiceUnknown".equals(e.errorName())
                || "org.freedesktop.DBus.Error.UnknownInterface".equals(e.errorName())
                || "org.freedesktop.DBus.Error.InvalidArgs".equals(e.errorName())) {
            return "no screen-cast portal on the session bus (" + e.getMessage() + "): install and run "
                    + "xdg-desktop-portal with a backend for your desktop (xdg-desktop-portal-gnome, -kde or -wlr)";
        }
        return "the screen-cast portal did not answer: " + e.getMessage();
    }

    private static long uint(Map<?, ?> props, String name) {
        Object v = props.get(name);
        if (v instanceof Variant var && var.value() instanceof Long l) {
            return l;
        }
        return 0;
    }

    /**
     * Runs the handshake; on success the returned session owns {@code bus}. On failure the session is closed and
     * a {@link CaptureException} says which step failed and why (cancelled, refused, timed out).
     */
    public static PortalSession start(DbusConnection bus, PortalInfo info, Request request) {
        String sessionHandle = null;
        try {
            String sessionToken = token();
            Map<String, Object> created = respond(bus, "CreateSession", "a{sv}", List.of(options(
                    "session_handle_token", Variant.of(sessionToken))), request.callTimeoutNanos());
            Object h = created.get("session_handle");
            if (!(h instanceof Variant v) || !(v.value() instanceof String s)) {
                throw new CaptureException("the portal's CreateSession response has no session_handle (results="
                        + created.keySet() + ")");
            }
            sessionHandle = s;

            Map<String, Object> select = options();
            select.put("types", Variant.ofUint32(PortalInfo.SOURCE_MONITOR));
            select.put("multiple", Variant.of(false));
            select.put("cursor_mode", Variant.ofUint32(request.cursorMode()));
            if (info.restoresSessions() && request.persist()) {
                select.put("persist_mode", Variant.ofUint32(2));
                if (request.restoreToken() != null) {
                    select.put("restore_token", Variant.of(request.restoreToken()));
                }
            }
            respond(bus, "SelectSources", "oa{sv}", List.of(sessionHandle, select), request.callTimeoutNanos());

            Map<String, Object> started = respond(bus, "Start", "osa{sv}", List.of(sessionHandle, "", options()),
                    request.startTimeoutNanos());
            List<PortalStream> streams = streams(started);
            if (streams.isEmpty()) {
                throw new CaptureException("the portal started the screen cast without any stream (results="
                        + started.keySet() + ")");
            }
            String restore = started.get("restore_token") instanceof Variant t && t.value() instanceof String rt
                    ? rt : null;

            DbusMessage remote = bus.call(BUS_NAME, OBJECT_PATH, SCREENCAST_IFACE, "OpenPipeWireRemote", "oa{sv}",
                    List.of(sessionHandle, new LinkedHashMap<String, Object>()), request.callTimeoutNanos());
            if (!(remote.arg(0) instanceof UnixFd fd)) {
                throw new CaptureException("the portal's OpenPipeWireRemote returned no file descriptor (signature="
                        + remote.signature() + ")");
            }
            return new PortalSession(bus, sessionHandle, info, streams, request.cursorMode(), restore, fd.fd());
        } catch (DbusException e) {
            closeQuietly(bus, sessionHandle);
            throw new CaptureException("screen-cast portal handshake failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(bus, sessionHandle);
            throw e;
        }
    }

    private static void closeQuietly(DbusConnection bus, String sessionHandle) {
        try {
            if (sessionHandle != null && bus.isOpen()) {
                bus.call(BUS_NAME, sessionHandle, SESSION_IFACE, "Close", "", List.of(), 1_000_000_000L);
            }
        } catch (DbusException ignored) {
            // best effort; closing the connection ends the session too
        } finally {
            bus.close();
        }
    }

    private static Map<String, Object> options(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("handle_token", Variant.of(token()));
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static String token() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "deskdup_" + HexFormat.of().formatHex(b);
    }

    /** The request object path the portal uses for our {@code handle_token} (as the portal documents it). */
    static String requestPath(String uniqueName, String token) {
        return OBJECT_PATH + "/request/" + uniqueName.substring(1).replace('.', '_') + "/" + token;
    }

    /** Calls a request-style method and waits for its Response; returns the results on code 0. */
    private static Map<String, Object> respond(DbusConnection bus, String method, String signature,
                                               List<Object> args, long timeoutNanos) throws DbusException {
        @SuppressWarnings("unchecked")
        Map<String, Object> opts = (Map<String, Object>) args.getLast();
        String token = (String) ((Variant) opts.get("handle_token")).value();
        String expected = requestPath(bus.uniqueName(), token);
        String rule = matchRule(expected);
        bus.addMatch(rule, timeoutNanos);
        List<String> rules = new ArrayList<>(List.of(rule));
        try {
            DbusMessage reply = bus.call(BUS_NAME, OBJECT_PATH, SCREENCAST_IFACE, method, signature, args,
                    timeoutNanos);
            String handle = (String) reply.arg(0);
            if (!handle.equals(expected)) { // portals before 0.9 chose their own path
                rules.add(matchRule(handle));
                bus.addMatch(rules.getLast(), timeoutNanos);
            }
            DbusMessage response = bus.awaitSignal(m -> handle.equals(m.path())
                    && REQUEST_IFACE.equals(m.iface()) && "Response".equals(m.member()), timeoutNanos);
            if (response == null) {
                try {
                    bus.call(BUS_NAME, handle, REQUEST_IFACE, "Close", "", List.of(), 1_000_000_000L);
                } catch (DbusException ignored) {
                    // the request may be gone already
                }
                throw new CaptureException("the screen-cast portal did not answer " + method + " within "
                        + timeoutNanos / 1_000_000_000L + " s" + (method.equals("Start")
                        ? " (nobody chose a screen in its dialog?)" : " (is the portal hung?)"));
            }
            long code = (Long) response.arg(0);
            @SuppressWarnings("unchecked")
            Map<String, Object> results = (Map<String, Object>) (Map<?, ?>) response.arg(1);
            if (code == 1) {
                throw new CaptureException("the screen-cast request was cancelled: the portal answered " + method
                        + " with response=1 (the user dismissed the dialog or denied access); start again and "
                        + "choose a screen to share");
            }
            if (code != 0) {
                throw new CaptureException("the screen-cast portal refused " + method + ": response=" + code
                        + " (the portal or the compositor failed; its log may say why)");
            }
            return results;
        } finally {
            for (String r : rules) {
                try {
                    if (bus.isOpen()) {
                        bus.removeMatch(r, timeoutNanos);
                    }
                } catch (DbusException ignored) {
                    // the connection is going away
                }
            }
        }
    }

    private static String matchRule(String path) {
        return "type='signal',sender='" + BUS_NAME + "',interface='" + REQUEST_IFACE + "',member='Response',path='"
                + path + "'";
    }

    /** {@code streams: a(ua{sv})}: node id and properties (position (ii), size (ii), source_type u). */
    static List<PortalStream> streams(Map<String, Object> results) {
        List<PortalStream> out = new ArrayList<>();
        if (!(results.get("streams") instanceof Variant v) || !(v.value() instanceof List<?> list)) {
            return out;
        }
        for (Object o : list) {
            List<?> s = (List<?>) o;
            long node = (Long) s.get(0);
            Map<?, ?> props = (Map<?, ?>) s.get(1);
            int[] pos = pair(props.get("position"));
            int[] size = pair(props.get("size"));
            long type = props.get("source_type") instanceof Variant t && t.value() instanceof Long l ? l : 0;
            out.add(new PortalStream(node, pos[0], pos[1], size[0], size[1], type));
        }
        return out;
    }

    private static int[] pair(Object v) {
        if (v instanceof Variant var && var.value() instanceof List<?> l && l.size() == 2
                && l.get(0) instanceof Integer a && l.get(1) instanceof Integer b) {
            return new int[]{a, b};
        }
        return new int[]{0, 0};
    }
}
