package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.internal.os.Libc;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One connection to an X server and what deskdup reads from its setup: the screen, its root window and visual.
 * Checks every request it is asked to and turns X errors into {@link CaptureException}s naming the request and code.
 */
public final class X11Connection implements AutoCloseable {

    /** What xcb_connection_has_error says for a socket error, and for a setup the server refused. */
    private static final int XCB_CONN_ERROR = 1;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment connection;
    private final String display;
    private final int root;
    private final int width;
    private final int height;
    private final int depth;
    private final int bitsPerPixel;
    private final int visualClass;
    private final int redMask;
    private final int greenMask;
    private final int blueMask;
    private final X11Replies replies;
    private volatile boolean closed;

    private X11Connection(MemorySegment connection, String display, int screenNumber) throws Throwable {
        this.connection = connection;
        this.display = display;
        MemorySegment setup = (MemorySegment) Xcb.GET_SETUP.invokeExact(connection);
        MemorySegment iterator = (MemorySegment) Xcb.SETUP_ROOTS_ITERATOR.invokeExact((SegmentAllocator) arena, setup);
        int screens = iterator.get(JAVA_INT, Xcb.ITERATOR_REM);
        if (screenNumber < 0 || screenNumber >= screens) {
            throw new CaptureException("screen=" + screenNumber + " does not exist on display=" + display
                    + " (it has " + screens + " screens; use e.g. " + display.replaceAll("\\.\\d+$", "") + ".0)");
        }
        for (int i = 0; i < screenNumber; i++) {
            Xcb.SCREEN_NEXT.invokeExact(iterator);
        }
        MemorySegment screen = iterator.get(ADDRESS, Xcb.ITERATOR_DATA).reinterpret(Xcb.SCREEN_T.byteSize());
        this.root = screen.get(JAVA_INT, Xcb.SCREEN_ROOT);
        this.width = Xcb.u16(screen, Xcb.SCREEN_WIDTH);
        this.height = Xcb.u16(screen, Xcb.SCREEN_HEIGHT);
        this.depth = Xcb.u8(screen, Xcb.SCREEN_ROOT_DEPTH);
        int rootVisual = screen.get(JAVA_INT, Xcb.SCREEN_ROOT_VISUAL);

        int bpp = 0;
        int formats = (int) Xcb.SETUP_PIXMAP_FORMATS_LENGTH.invokeExact(setup);
        MemorySegment format = ((MemorySegment) Xcb.SETUP_PIXMAP_FORMATS.invokeExact(setup))
                .reinterpret(Xcb.FORMAT_T.byteSize() * formats);
        for (int i = 0; i < formats; i++) {
            long base = i * Xcb.FORMAT_T.byteSize();
            if (Xcb.u8(format, base + Xcb.FORMAT_DEPTH) == depth) {
                bpp = Xcb.u8(format, base + Xcb.FORMAT_BPP);
            }
        }
        this.bitsPerPixel = bpp;

        int vClass = -1, red = 0, green = 0, blue = 0;
        MemorySegment depths = (MemorySegment) Xcb.SCREEN_ALLOWED_DEPTHS_ITERATOR.invokeExact(
                (SegmentAllocator) arena, screen);
        while (depths.get(JAVA_INT, Xcb.ITERATOR_REM) > 0 && vClass < 0) {
            MemorySegment d = depths.get(ADDRESS, Xcb.ITERATOR_DATA)
                    .reinterpret(Xcb.DEPTH_T.byteSize());
            int n = (int) Xcb.DEPTH_VISUALS_LENGTH.invokeExact(d);
            MemorySegment visuals = ((MemorySegment) Xcb.DEPTH_VISUALS.invokeExact(d))
                    .reinterpret(Xcb.VISUALTYPE_T.byteSize() * n);
            for (int i = 0; i < n; i++) {
                long base = i * Xcb.VISUALTYPE_T.byteSize();
                if (visuals.get(JAVA_INT, base + Xcb.VISUAL_ID) == rootVisual) {
                    vClass = Xcb.u8(visuals, base + Xcb.VISUAL_CLASS);
                    red = visuals.get(JAVA_INT, base + Xcb.VISUAL_RED_MASK);
                    green = visuals.get(JAVA_INT, base + Xcb.VISUAL_GREEN_MASK);
                    blue = visuals.get(JAVA_INT, base + Xcb.VISUAL_BLUE_MASK);
                }
            }
            Xcb.DEPTH_NEXT.invokeExact(depths);
        }
        this.visualClass = vClass;
        this.redMask = red;
        this.greenMask = green;
        this.blueMask = blue;
        this.replies = new X11Replies(this);
    }

    /** Connects to {@code display} (null: {@code $DISPLAY}) with the credentials of {@code $XAUTHORITY}. */
    public static X11Connection connect(String display) {
        return connect(display, null);
    }

    /**
     * Connects to {@code display} (null: {@code $DISPLAY}), presenting the cookie from {@code xauthority} when
     * given (else xcb reads {@code $XAUTHORITY} or {@code ~/.Xauthority} itself).
     *
     * @throws CaptureException naming the display when no X server answers there or it refuses us
     */
    public static X11Connection connect(String display, Path xauthority) {
        NativeRuntime.requireSupported();
        if (!Xcb.LIB.isLoaded()) {
            throw new CaptureException("X11 capture needs libxcb: " + Xcb.LIB.unavailableReason());
        }
        String name = display != null ? display : System.getenv("DISPLAY");
        if (name == null || name.isBlank()) {
            throw new CaptureException("no X display: $DISPLAY is not set and no display was given "
                    + "(set DISPLAY=:0, pass a display, or use --virtual for a private Xvfb)");
        }
        MemorySegment connection;
        int screenNumber;
        try (Arena temp = Arena.ofConfined()) {
            MemorySegment screenOut = temp.allocate(JAVA_INT);
            if (xauthority == null) {
                connection = (MemorySegment) Xcb.CONNECT.invokeExact(temp.allocateFrom(name), screenOut);
            } else { // credentials given explicitly: present the cookie ourselves
                byte[] cookie = XAuthority.cookie(xauthority, name);
                MemorySegment auth = temp.allocate(Xcb.AUTH_INFO_T);
                MemorySegment protocol = temp.allocateFrom(XAuthority.PROTOCOL);
                auth.set(JAVA_INT, Xcb.AUTH_NAMELEN, (int) protocol.byteSize() - 1);
                auth.set(ADDRESS, Xcb.AUTH_NAME, protocol);
                auth.set(JAVA_INT, Xcb.AUTH_DATALEN, cookie.length);
                auth.set(ADDRESS, Xcb.AUTH_DATA, temp.allocateFrom(JAVA_BYTE, cookie));
                java.util.Arrays.fill(cookie, (byte) 0);
                connection = (MemorySegment) Xcb.CONNECT_WITH_AUTH.invokeExact(temp.allocateFrom(name), auth,
                        screenOut);
            }
            screenNumber = screenOut.get(JAVA_INT, 0);
            int error = (int) Xcb.CONNECTION_HAS_ERROR.invokeExact(connection);
            if (error != 0) {
                Xcb.DISCONNECT.invokeExact(connection); // xcb wants the error connection freed too
                CaptureException refused = error == XCB_CONN_ERROR ? X11SetupProbe.refusal(name, xauthority) : null;
                if (refused != null) {
                    throw refused;
                }
                throw new CaptureException("cannot connect to X display=" + name + ": "
                        + Xcb.connectionErrorName(error) + " (is an X server running there? check the display "
                        + "name and DISPLAY/XAUTHORITY, or use --virtual for a private Xvfb)");
            }
        } catch (CaptureException e) {
            throw e;
        } catch (Throwable t) {
            throw new CaptureException("cannot connect to X display=" + name + ": " + t, t);
        }
        try {
            return new X11Connection(connection, name, screenNumber);
        } catch (Throwable t) {
            try {
                Xcb.DISCONNECT.invokeExact(connection);
            } catch (Throwable ignored) {
                // already failing
            }
            if (t instanceof CaptureException ce) {
                throw ce;
            }
            throw new CaptureException("cannot read the setup of X display=" + name + ": " + t, t);
        }
    }

    public MemorySegment pointer() {
        return connection;
    }

    public String display() {
        return display;
    }

    public int root() {
        return root;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int depth() {
        return depth;
    }

    public int bitsPerPixel() {
        return bitsPerPixel;
    }

    public int visualClass() {
        return visualClass;
    }

    /** A name for the root visual, e.g. {@code TrueColor}. */
    public String visualClassName() {
        return switch (visualClass) {
            case 0 -> "StaticGray";
            case 1 -> "GrayScale";
            case 2 -> "StaticColor";
            case 3 -> "PseudoColor";
            case 4 -> "TrueColor";
            case 5 -> "DirectColor";
            default -> "unknown(" + visualClass + ")";
        };
    }

    /** Whether the root visual's pixels are 32-bit BGRA in memory (TrueColor, 8 bits each, red in bits 16-23). */
    public boolean isBgra32() {
        return (depth == 24 || depth == 32) && bitsPerPixel == 32 && visualClass == Xcb.VISUAL_CLASS_TRUE_COLOR
                && redMask == 0xFF0000 && greenMask == 0xFF00 && blueMask == 0xFF;
    }

    /** Throws "unsupported visual" unless the screen is 32-bit BGRA TrueColor. */
    public void requireBgra32() {
        if (!isBgra32()) {
            throw new CaptureException("unsupported visual: depth=" + depth + ", bpp=" + bitsPerPixel + ", class="
                    + visualClassName() + ", masks=" + Integer.toHexString(redMask) + "/"
                    + Integer.toHexString(greenMask) + "/" + Integer.toHexString(blueMask) + " on display=" + display
                    + " (deskdup captures depth-24/32 TrueColor screens with 32 bits per pixel; start Xvfb with "
                    + "-screen 0 WxHx24)");
        }
    }

    /** The file descriptor of the connection's socket, to poll on. */
    public int fileDescriptor() {
        try {
            return (int) Xcb.GET_FILE_DESCRIPTOR.invokeExact(connection);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public int generateId() {
        try {
            return (int) Xcb.GENERATE_ID.invokeExact(connection);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    public void flush() {
        try {
            int ignored = (int) Xcb.FLUSH.invokeExact(connection);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** How this connection waits for replies (bounded, woken by the source's eventfd). */
    X11Replies replies() {
        return replies;
    }

    /**
     * The reply to request {@code cookie} (free it with {@code Libc.free}), waited for without blocking inside xcb
     * and within the bounds of {@link X11Replies}.
     *
     * @throws XRequestException when the server refused the request
     * @throws CaptureException  when the connection broke or the server does not answer
     */
    public long reply(int cookie, String request) {
        return replies.await(cookie, request);
    }

    /** Throws when the connection is broken (server gone). Allocation-free when it is not. */
    public void checkAlive(String during) {
        int error;
        try {
            error = (int) Xcb.CONNECTION_HAS_ERROR.invokeExact(connection);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        if (error != 0) {
            throw lost(during, error);
        }
    }

    public CaptureException lost(String during, int error) {
        return new CaptureException("X server connection lost: display=" + display + ", during=" + during
                + ", error=" + Xcb.connectionErrorName(error) + " (the X server died or closed the connection; "
                + "open a new capture when it is back)");
    }

    /** Whether the connection is broken. */
    public boolean hasError() {
        try {
            return (int) Xcb.CONNECTION_HAS_ERROR.invokeExact(connection) != 0;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** Turns an {@code xcb_generic_error_t*} into an exception (and frees it). */
    public CaptureException errorFrom(String request, long errorPointer) {
        MemorySegment e = MemorySegment.ofAddress(errorPointer).reinterpret(Xcb.GENERIC_ERROR_T.byteSize());
        int code = Xcb.u8(e, Xcb.ERROR_CODE);
        int resource = e.get(JAVA_INT, Xcb.ERROR_RESOURCE_ID);
        int major = Xcb.u8(e, Xcb.ERROR_MAJOR_CODE);
        int minor = Xcb.u16(e, Xcb.ERROR_MINOR_CODE);
        Libc.free(e);
        return new XRequestException("X request failed: request=" + request + ", error=" + Xcb.errorName(code)
                + " (code=" + code + "), resource=0x" + Integer.toHexString(resource) + ", major=" + major
                + ", minor=" + minor + ", display=" + display, code);
    }

    /** Waits for a checked request's outcome (one round trip); throws with the request named if the server refused it. */
    public void check(int cookie, String request) {
        long error = replies.errorOf(cookie, request);
        if (error != 0) {
            throw errorFrom(request, error);
        }
    }

    /** A round trip: when it returns, the server has processed every request sent before. */
    public void sync() {
        try {
            Libc.free(reply((int) Xcb.GET_INPUT_FOCUS.invokeExact(connection), "GetInputFocus"));
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /** What the server said of an extension: null when absent. */
    public record Extension(int majorOpcode, int firstEvent, int firstError) {
    }

    public Extension extension(MemorySegment extensionId) {
        try {
            MemorySegment reply = ((MemorySegment) Xcb.GET_EXTENSION_DATA.invokeExact(connection, extensionId))
                    .reinterpret(Xcb.QUERY_EXTENSION_REPLY_T.byteSize());
            if (reply.address() == 0 || Xcb.u8(reply, Xcb.EXT_PRESENT) == 0) {
                return null;
            }
            return new Extension(Xcb.u8(reply, Xcb.EXT_MAJOR_OPCODE), Xcb.u8(reply, Xcb.EXT_FIRST_EVENT),
                    Xcb.u8(reply, Xcb.EXT_FIRST_ERROR));
        } catch (Throwable t) {
            throw new CaptureException("querying an X extension failed on display=" + display + ": " + t, t);
        }
    }

    /**
     * Asks an extension's version with its {@code query_version(c, major, minor)} request, whose reply has the
     * server's major and minor as two CARD32 after the 8-byte header (DAMAGE, XFIXES, RandR).
     *
     * @return {major, minor}
     */
    public int[] queryVersion(String request, MethodHandle query, int major, int minor) {
        long r;
        try {
            r = reply((int) query.invokeExact(connection, major, minor), request);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        MemorySegment s = MemorySegment.ofAddress(r).reinterpret(16);
        int[] version = {s.get(JAVA_INT, 8), s.get(JAVA_INT, 12)};
        Libc.free(s);
        return version;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Disconnects at once: never a request or a round trip (the server frees everything of ours when the socket
     * closes, so nothing needs to be detached or destroyed first). Callers make sure no other thread is inside xcb.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Xcb.DISCONNECT.invokeExact(connection);
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        } finally {
            replies.close();
            arena.close();
        }
    }
}
