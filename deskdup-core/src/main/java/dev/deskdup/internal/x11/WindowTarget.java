package dev.deskdup.internal.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.Feature;
import dev.deskdup.WindowMatch;
import dev.deskdup.internal.os.NativeMemory;
import dev.deskdup.internal.os.NativeRuntime;

import java.lang.foreign.Arena;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * One window as a capture target (X11 window mode): the Composite extension redirects it
 * ({@code RedirectWindow}, automatic: the server still draws it on screen, nothing visible changes) so its contents
 * live in a pixmap of their own, also where other windows cover it; {@code NameWindowPixmap} gives that pixmap an id
 * of ours, which {@code ShmGetImage} reads into the slots like the root window (zero copy on our side).
 *
 * <p>Followed through its StructureNotify events (and those of its top-level ancestor, which a window manager maps
 * and unmaps when it minimises): a new size or a new mapping means a new pixmap, named again on the next
 * {@link #refresh()} (the generation of the capture area then goes up and the next frame is complete); a move
 * changes nothing. Unmapped, it is not {@link #capturable()}: no frames until it is mapped again. Destroyed,
 * {@link #checkAlive()} throws a {@link CaptureException} naming it. Filling thread only.
 */
final class WindowTarget implements AutoCloseable {

    /** NameWindowPixmap came with Composite 0.2. */
    private static final int[] NEEDED_VERSION = {0, 2};

    private final X11Connection x;
    /** The window captured: the application's, or its frame when decorations were asked for. */
    final int window;
    /** For messages: {@code window=0x1a00003 ("Title")}. */
    private final String label;
    /** Our id for the window's pixmap: freed and named again (same id) after each resize or map. */
    private final int pixmap;
    private final String compositeVersion;
    private int ancestor;
    private boolean named;
    private boolean renamed;
    private boolean moved;
    /** Where the window is in its parent (outer corner), as the last real ConfigureNotify said. */
    private int x0;
    private int y0;
    private boolean stale = true;
    private boolean changed;
    private boolean viewable;
    private boolean destroyed;
    private int width;
    private int height;
    private int border;
    private volatile String state = "running";
    private boolean closed;

    private WindowTarget(X11Connection x, int window, String label, int ancestor, String compositeVersion) {
        this.x = x;
        this.window = window;
        this.label = label;
        this.ancestor = ancestor;
        this.compositeVersion = compositeVersion;
        this.pixmap = x.generateId();
    }

    /** Why a window cannot be captured on this connection (library or extension missing), or null when it can. */
    static String unavailableReason(X11Connection x) {
        if (!XcbComposite.LIB.isLoaded()) {
            return XcbComposite.LIB.unavailableReason();
        }
        return x.extension(XcbComposite.EXTENSION_ID) == null ? "display=" + x.display() + " has no Composite "
                + "extension" : null;
    }

    /** Announces our Composite version (the server refuses requests before) and returns the server's. */
    static int[] compositeVersion(X11Connection x) {
        return x.queryVersion("CompositeQueryVersion", XcbComposite.QUERY_VERSION, 0, 4);
    }

    /**
     * Finds the window, checks it can be captured, redirects it and names its pixmap (when it is viewable).
     *
     * @throws CaptureException         when Composite is missing (library or extension), too old, or refuses
     * @throws IllegalArgumentException when no window or several match, or the window has no pixels we can read
     */
    static WindowTarget open(X11Connection x, WindowMatch match, boolean decorations) {
        String missing = unavailableReason(x);
        if (missing != null) {
            throw new CaptureException("window=" + match + " cannot be captured: window capture needs the "
                    + "Composite extension: " + missing);
        }
        int[] version = compositeVersion(x);
        if (version[0] < NEEDED_VERSION[0] || (version[0] == NEEDED_VERSION[0] && version[1] < NEEDED_VERSION[1])) {
            throw new CaptureException("window=" + match + " cannot be captured: display=" + x.display()
                    + " has Composite " + version[0] + "." + version[1] + ", window capture needs 0.2 or newer");
        }
        int found = WindowLookup.find(x, match);
        int frame = WindowList.frameOf(x, found);
        int target = decorations ? frame : found;
        String label = "window=0x" + Integer.toHexString(target) + (target != found ? " (frame of 0x"
                + Integer.toHexString(found) + ")" : "") + (match instanceof WindowMatch.Id ? "" : " (" + match + ")");
        WindowQueries.Geometry geometry = WindowQueries.geometry(x, target);
        if (geometry == null) {
            throw new IllegalArgumentException(label + " vanished while it was being opened on display="
                    + x.display());
        }
        if (geometry.depth() != 24 && geometry.depth() != 32) {
            throw new IllegalArgumentException(label + " on display=" + x.display() + " has depth="
                    + geometry.depth() + " (deskdup captures depth-24 and depth-32 windows, 32 bits per pixel)");
        }
        WindowTarget t = new WindowTarget(x, target, label, frame != target ? frame : 0,
                version[0] + "." + version[1]);
        try {
            // Events first, so that nothing between the checks below and the first frame is missed.
            t.watch(target);
            if (t.ancestor != 0) {
                t.watch(t.ancestor);
            }
            int cookie = (int) XcbComposite.REDIRECT_WINDOW_CHECKED.invokeExact(x.pointer(), target,
                    XcbComposite.REDIRECT_AUTOMATIC);
            x.check(cookie, "CompositeRedirectWindow(" + label + ")");
            t.refresh();
            t.checkAlive();
            return t;
        } catch (Throwable e) {
            t.close();
            throw NativeRuntime.rethrow(e);
        }
    }

    private void watch(int w) {
        try (Arena temp = Arena.ofConfined()) {
            int cookie = (int) Xcb.CHANGE_WINDOW_ATTRIBUTES_CHECKED.invokeExact(x.pointer(), w, Xcb.CW_EVENT_MASK,
                    temp.allocateFrom(JAVA_INT, Xcb.EVENT_MASK_STRUCTURE_NOTIFY));
            x.check(cookie, "ChangeWindowAttributes(0x" + Integer.toHexString(w) + ", event_mask=StructureNotify)");
        } catch (XRequestException e) {
            if (e.errorCode() == WindowQueries.BAD_WINDOW) {
                destroyed |= w == window;
                return;
            }
            throw e;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
    }

    /**
     * Takes a structure event of the window or its ancestor; returns whether it was one. A move alone of the viewable
     * window is announced to {@code damage} (when there is one), which then drops the whole-window damage the move
     * brings ({@link RawDamage}).
     */
    boolean onEvent(int type, long event, DamageTracker damage) {
        boolean ours = onEvent(type, event);
        if (ours && moved && damage != null) {
            damage.expectMove(width + 2 * border, height + 2 * border);
        }
        moved = false;
        return ours;
    }

    private boolean onEvent(int type, long event) {
        if (type != XcbWindow.CONFIGURE_NOTIFY && type != XcbWindow.MAP_NOTIFY && type != XcbWindow.UNMAP_NOTIFY
                && type != XcbWindow.DESTROY_NOTIFY && type != XcbWindow.REPARENT_NOTIFY) {
            return false;
        }
        int w = NativeMemory.ALL.get(JAVA_INT, event + XcbWindow.NOTIFY_WINDOW);
        if (w != window && (ancestor == 0 || w != ancestor)) {
            return false;
        }
        switch (type) {
            case XcbWindow.CONFIGURE_NOTIFY -> {
                boolean synthetic = (NativeMemory.ALL.get(JAVA_BYTE, event) & 0x80) != 0; // sent by a client
                if (w == window && !synthetic) {
                    int nx = NativeMemory.ALL.get(JAVA_SHORT, event + XcbWindow.CONFIGURE_X);
                    int ny = NativeMemory.ALL.get(JAVA_SHORT, event + XcbWindow.CONFIGURE_Y);
                    int nw = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + Xcb.CONFIGURE_WIDTH));
                    int nh = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT, event + Xcb.CONFIGURE_HEIGHT));
                    int nb = Short.toUnsignedInt(NativeMemory.ALL.get(JAVA_SHORT,
                            event + XcbWindow.CONFIGURE_BORDER_WIDTH));
                    stale |= nw != width || nh != height || nb != border; // a move alone keeps the pixmap
                    moved = (nx != x0 || ny != y0) && !stale && capturable();
                    x0 = nx;
                    y0 = ny;
                }
            }
            case XcbWindow.DESTROY_NOTIFY -> {
                if (w == window) {
                    destroyed = true;
                    state = "window destroyed: " + label;
                }
            }
            case XcbWindow.REPARENT_NOTIFY -> {
                if (w == window) { // a window manager took it in (or let it go): follow its new frame
                    int frame = NativeMemory.ALL.get(JAVA_INT, event + XcbWindow.REPARENT_PARENT) == x.root() ? 0
                            : WindowList.frameOf(x, window);
                    ancestor = frame == window ? 0 : frame;
                    if (ancestor != 0) {
                        watch(ancestor);
                    }
                }
                stale = true;
            }
            default -> stale = true; // mapped or unmapped: its pixmap is new, or it is gone from the screen
        }
        changed |= stale;
        return true;
    }

    /**
     * Points {@code copier} at the pixmap and, when the pixmap was named again since the last call, moves
     * {@code damage} onto it (raw rectangles in pixmap coordinates, shifted back by the border).
     */
    void follow(SubImageCopier copier, DamageTracker damage) {
        copier.source(pixmap, border, border);
        if (renamed && damage != null) {
            damage.retarget(pixmap, -border, -border);
        }
        renamed = false;
    }

    /** The {@code window} feature a capture of this window reports. */
    Feature feature() {
        return Feature.on("window", "Composite " + compositeVersion + ": " + label + " redirected (automatic), its "
                + "pixmap read through MIT-SHM");
    }

    /** Whether the size or the pixmap changed since the last call (the area must be worked out again). */
    boolean takeChanged() {
        boolean c = changed;
        changed = false;
        return c;
    }

    /**
     * After a change: whether the window is viewable now, and if so its pixmap named again and its size read from
     * that very pixmap (so the size always matches what is read, even when it was resized again meanwhile).
     */
    void refresh() {
        if (!stale || destroyed) {
            return;
        }
        stale = false;
        WindowQueries.Attributes attributes = WindowQueries.attributes(x, window);
        if (attributes == null) {
            destroyed = true;
            state = "window destroyed: " + label;
            return;
        }
        viewable = attributes.viewable();
        if (!viewable) {
            state = "window unmapped: no frames until it is mapped again (" + label + ")";
            if (width == 0) { // opened while unmapped: its size for the slots, until its pixmap tells
                WindowQueries.Geometry g = WindowQueries.geometry(x, window);
                if (g != null) {
                    width = g.width();
                    height = g.height();
                    border = g.borderWidth();
                }
            }
            return; // the named pixmap (if any) keeps the last contents until the window is back
        }
        if (named) {
            WindowQueries.freePixmap(x, pixmap);
            named = false;
        }
        try {
            int cookie = (int) XcbComposite.NAME_WINDOW_PIXMAP_CHECKED.invokeExact(x.pointer(), window, pixmap);
            x.check(cookie, "CompositeNameWindowPixmap(" + label + ")");
        } catch (XRequestException e) {
            if (e.errorCode() == XRequestException.BAD_MATCH || e.errorCode() == WindowQueries.BAD_WINDOW) {
                stale = true; // unmapped or destroyed just now: its event is on the way
                viewable = false;
                return;
            }
            throw e;
        } catch (Throwable t) {
            throw NativeRuntime.rethrow(t);
        }
        named = true;
        renamed = true;
        WindowQueries.Geometry window = WindowQueries.geometry(x, this.window);
        WindowQueries.Geometry pix = WindowQueries.geometry(x, pixmap);
        if (window == null || pix == null) {
            stale = true;
            viewable = false;
            return;
        }
        border = window.borderWidth();
        x0 = window.x();
        y0 = window.y();
        width = Math.max(1, pix.width() - 2 * border); // the pixmap holds the border too
        height = Math.max(1, pix.height() - 2 * border);
        state = "running";
    }

    /** Whether frames can be made now: viewable, its pixmap named. */
    boolean capturable() {
        return viewable && named && !destroyed;
    }

    /** Throws when the window was destroyed: the capture ends, naming it. */
    void checkAlive() {
        if (destroyed) {
            throw new CaptureException(label + " was destroyed on display=" + x.display() + ": the window "
                    + "capture has ended (open a new one on another window; 'deskdup windows' lists them)");
        }
    }

    /** The drawable the pixels are read from. */
    int pixmap() {
        return pixmap;
    }

    /** Where the window's content starts in its pixmap (the border is around it). */
    int border() {
        return border;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    String state() {
        return state;
    }

    /** Frees the pixmap and ends the redirection (when the server is still there). Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (x.isClosed() || x.hasError()) {
            return;
        }
        try {
            if (named) {
                WindowQueries.freePixmap(x, pixmap);
            }
            if (!destroyed) { // errors of these unchecked requests (window gone meanwhile) are ignored events
                int ignored = (int) XcbComposite.UNREDIRECT_WINDOW.invokeExact(x.pointer(), window,
                        XcbComposite.REDIRECT_AUTOMATIC);
            }
            x.flush();
        } catch (Throwable t) {
            // closing anyway
        }
    }
}
