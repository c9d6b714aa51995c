package dev.deskdup.internal.wayland;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.Delivery;
import dev.deskdup.DisplayInfo;
import dev.deskdup.Feature;
import dev.deskdup.Monitor;
import dev.deskdup.internal.dbus.DbusConnection;
import dev.deskdup.internal.dbus.DbusException;
import dev.deskdup.internal.pipewire.PipeWire;
import dev.deskdup.spi.Availability;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.SourceContext;
import dev.deskdup.spi.SourceProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The {@code wayland} backend: the desktop portal's ScreenCast interface over D-Bus, then PipeWire
 * ({@link WaylandSource}). Chosen automatically in a Wayland session ({@link #preferred}).
 *
 * <p>Timeouts: each portal call and each response that needs no user 10 s; Start's response (the user choosing in
 * the portal's dialog) 120 s, or {@code -Ddeskdup.wayland.startTimeoutSeconds}.
 */
public final class WaylandProvider implements SourceProvider {

    public static final String NAME = "wayland";
    static final long CALL_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(
            Long.getLong("deskdup.wayland.startTimeoutSeconds", 120));

    private final Function<String, String> env;
    private final RestoreTokenStore tokens;
    private final long callTimeoutNanos;
    private final long startTimeoutNanos;

    /** The provider of this process: its environment, the user's restore-token file. */
    public WaylandProvider() {
        this(System::getenv, null, CALL_TIMEOUT_NANOS, START_TIMEOUT_NANOS);
    }

    /**
     * @param env    the environment to read ({@code DBUS_SESSION_BUS_ADDRESS}, {@code XDG_*})
     * @param tokens where restore tokens live; null: {@code $XDG_STATE_HOME/deskdup/} of {@code env}
     */
    public WaylandProvider(Function<String, String> env, RestoreTokenStore tokens, long callTimeoutNanos,
                           long startTimeoutNanos) {
        this.env = env;
        this.tokens = tokens != null ? tokens : RestoreTokenStore.forEnvironment(env);
        this.callTimeoutNanos = callTimeoutNanos;
        this.startTimeoutNanos = startTimeoutNanos;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Whether {@code auto} should pick this backend: a Wayland session, and neither a display nor an Xauthority file
     * named in the options (both mean X11, e.g. a private Xvfb).
     */
    public boolean preferred(CaptureOptions options) {
        return options.display() == null && options.xauthority() == null && SessionType.isWayland(env);
    }

    public RestoreTokenStore tokens() {
        return tokens;
    }

    @Override
    public Availability availability(CaptureOptions options) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Availability.no("os.name=" + System.getProperty("os.name") + ": the Wayland source needs Linux");
        }
        String problem = PipeWire.loadProblem();
        if (problem != null) {
            return Availability.no(problem);
        }
        if (blank(env.apply("DBUS_SESSION_BUS_ADDRESS")) && blank(env.apply("XDG_RUNTIME_DIR"))) {
            return Availability.no("DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are unset: no session bus to "
                    + "reach the screen-cast portal (run inside the desktop session)");
        }
        return Availability.yes();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public CaptureSource open(CaptureOptions options, SourceContext context) {
        checkHonoured(options);
        Availability a = availability(options);
        if (!a.available()) {
            throw new CaptureException("the wayland source is not available: " + a.reason());
        }
        DbusConnection bus = connect();
        PortalSession session;
        try {
            PortalInfo info = ScreenCastPortal.query(bus, callTimeoutNanos);
            if ((info.sourceTypes() & PortalInfo.SOURCE_MONITOR) == 0) {
                throw new CaptureException("the screen-cast portal offers no monitor sources (AvailableSourceTypes="
                        + PortalInfo.sourceTypeNames(info.sourceTypes()) + ")");
            }
            int cursorMode = cursorMode(options.cursor(), info);
            String token = info.restoresSessions() ? tokens.load() : null;
            session = ScreenCastPortal.start(bus, info, new ScreenCastPortal.Request(cursorMode, token, true,
                    callTimeoutNanos, startTimeoutNanos));
        } catch (RuntimeException | Error e) {
            bus.close();
            throw e;
        }
        try {
            if (session.restoreToken() != null) {
                tokens.save(session.restoreToken());
            }
        } catch (IOException e) {
            // not fatal: the user is asked again next time
        }
        return WaylandSource.open(session, options.cursor(), options.delivery() == Delivery.LATEST, context);
    }

    /** Fails with every option this backend cannot honour, named, instead of ignoring it. */
    static void checkHonoured(CaptureOptions options) {
        List<String> refused = new ArrayList<>();
        if (options.display() != null) {
            refused.add("display=" + options.display() + " (an X11 display; the Wayland source captures what the "
                    + "portal shares: leave display unset, or use source=x11)");
        }
        if (options.xauthority() != null) {
            refused.add("xauthority=" + options.xauthority() + " (an X11 credential; the portal needs none)");
        }
        if (options.region() != null) {
            refused.add("region=" + options.region() + " (the portal's dialog chooses what is shared; capture it "
                    + "whole)");
        }
        if (options.monitor() != null) {
            refused.add("monitor=" + options.monitor() + " (the portal's dialog chooses the monitor)");
        }
        if (options.window() != null) {
            refused.add("window=" + options.window() + " (the portal's dialog chooses what is shared; a window by "
                    + "id or title is X11 only)");
        }
        if (!options.changeTracking()) {
            refused.add("changeTracking=false (the compositor sends a frame when the screen changes; for a steady "
                    + "rate use minFrameInterval or fixedRate)");
        }
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("the wayland source cannot honour " + String.join(", ", refused));
        }
    }

    /**
     * NONE → hidden (pixels without cursor, nothing to track); SEPARATE → metadata (position and shape beside the
     * pixels); COMPOSITED → embedded (the compositor draws it into the frames; no position reported).
     */
    static int cursorMode(CursorMode mode, PortalInfo info) {
        int wanted = switch (mode) {
            case NONE -> PortalInfo.CURSOR_HIDDEN;
            case SEPARATE -> PortalInfo.CURSOR_METADATA;
            case COMPOSITED -> PortalInfo.CURSOR_EMBEDDED;
        };
        if (info.offersCursor(wanted)) {
            return wanted;
        }
        if (mode == CursorMode.NONE && info.offersCursor(PortalInfo.CURSOR_METADATA)) {
            return PortalInfo.CURSOR_METADATA; // cursor-free pixels; the metadata is ignored
        }
        throw new IllegalArgumentException("cursor=" + mode + " needs the portal's cursor mode "
                + PortalInfo.cursorModeName(wanted) + ", but it offers only "
                + PortalInfo.cursorModeNames(info.cursorModes()) + " (choose another cursor mode)");
    }

    private DbusConnection connect() {
        try {
            return DbusConnection.session(env.apply("DBUS_SESSION_BUS_ADDRESS"), env.apply("XDG_RUNTIME_DIR"),
                    callTimeoutNanos);
        } catch (DbusException e) {
            throw new CaptureException("cannot reach the session bus for the screen-cast portal: " + e.getMessage(),
                    e);
        }
    }

    /** The portal does not list monitors before the user picks one in its dialog. */
    @Override
    public List<Monitor> monitors(CaptureOptions options) {
        return List.of();
    }

    @Override
    public DisplayInfo displayInfo(CaptureOptions options) {
        List<Feature> features = new ArrayList<>();
        features.add(Feature.on("session", SessionType.describe(env)));
        String pw = PipeWire.loadProblem();
        features.add(pw == null ? Feature.on("pipewire", "libpipewire " + PipeWire.libraryVersion())
                : Feature.off("pipewire", pw));
        boolean capturable = false;
        try (DbusConnection bus = connect()) {
            PortalInfo info = ScreenCastPortal.query(bus, callTimeoutNanos);
            features.add(Feature.on("portal", "org.freedesktop.portal.ScreenCast version " + info.version()
                    + (info.restoresSessions() ? " (restore tokens)" : " (asks every time: version < 4)")));
            features.add(Feature.on("source-types", String.join(", ", PortalInfo.sourceTypeNames(info.sourceTypes()))));
            features.add(Feature.on("cursor-modes", String.join(", ", PortalInfo.cursorModeNames(info.cursorModes()))));
            capturable = pw == null && (info.sourceTypes() & PortalInfo.SOURCE_MONITOR) != 0;
        } catch (CaptureException e) {
            features.add(Feature.off("portal", e.getMessage()));
        }
        String token = tokens.load();
        features.add(token != null ? Feature.on("restore-token", tokens.file().toString())
                : Feature.off("restore-token", "none stored (the portal asks at the next start)"));
        String display = env.apply("WAYLAND_DISPLAY");
        return new DisplayInfo(display != null ? display : "wayland", 0, 0, 32, 32, "n/a", capturable, null, false,
                null, null, null, List.of(), NAME, features, capturable ? null
                : "no usable screen-cast portal or PipeWire (see the features)");
    }
}
