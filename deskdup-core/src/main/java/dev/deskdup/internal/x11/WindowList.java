package dev.deskdup.internal.x11;

import dev.deskdup.WindowInfo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The top-level windows of a screen, topmost first, as {@link WindowInfo}s. Not on the frame path.
 *
 * <p>The children of the root window are the top-level windows in stacking order. Under a reparenting window
 * manager each is a frame holding the application's window a level or two down; that window is the one with
 * {@code WM_STATE} (ICCCM 4.1.3.1; {@code xprop}'s and {@code xdotool}'s way to find it too). Without a window
 * manager, or for override-redirect windows (menus, tooltips), the child itself is the window. InputOnly windows
 * have no pixels and are left out.
 */
final class WindowList {

    /** How deep below a frame the application's window is looked for (reparenting managers use one or two levels). */
    private static final int CLIENT_SEARCH_DEPTH = 3;

    private WindowList() {
    }

    /** The atoms a listing reads; interned once per listing. */
    record Atoms(int wmState, int netWmName, int utf8String, int netWmPid) {
        static Atoms of(X11Connection x) {
            return new Atoms(WindowQueries.atom(x, "WM_STATE"), WindowQueries.atom(x, "_NET_WM_NAME"),
                    WindowQueries.atom(x, "UTF8_STRING"), WindowQueries.atom(x, "_NET_WM_PID"));
        }
    }

    static List<WindowInfo> query(X11Connection x) {
        Atoms atoms = Atoms.of(x);
        WindowQueries.Tree top = WindowQueries.tree(x, x.root());
        List<WindowInfo> found = new ArrayList<>();
        List<int[]> covering = new ArrayList<>(); // outer rectangles of viewable windows above, {x0, y0, x1, y1}
        int[] children = top == null ? new int[0] : top.children();
        for (int i = children.length - 1; i >= 0; i--) { // topmost first
            int frame = children[i];
            WindowQueries.Attributes frameAttributes = WindowQueries.attributes(x, frame);
            WindowQueries.Geometry frameGeometry = frameAttributes == null ? null : WindowQueries.geometry(x, frame);
            if (frameGeometry == null || frameAttributes.inputOnly()) {
                continue; // gone meanwhile, or no pixels
            }
            int client = clientOf(x, frame, atoms);
            WindowInfo info = describe(x, client, frame, atoms, covering);
            if (info != null) {
                found.add(info);
            }
            if (frameAttributes.viewable()) {
                int b = frameGeometry.borderWidth();
                covering.add(new int[]{frameGeometry.x(), frameGeometry.y(),
                        frameGeometry.x() + frameGeometry.width() + 2 * b,
                        frameGeometry.y() + frameGeometry.height() + 2 * b});
            }
        }
        return List.copyOf(found);
    }

    /** The application's window in {@code frame}: the first one with WM_STATE, breadth first; else the frame. */
    static int clientOf(X11Connection x, int frame, Atoms atoms) {
        ArrayDeque<int[]> queue = new ArrayDeque<>(); // {window, depth}
        queue.add(new int[]{frame, 0});
        while (!queue.isEmpty()) {
            int[] next = queue.poll();
            if (WindowQueries.property(x, next[0], atoms.wmState(), XcbWindow.ATOM_ANY) != null) {
                return next[0];
            }
            if (next[1] < CLIENT_SEARCH_DEPTH) {
                WindowQueries.Tree tree = WindowQueries.tree(x, next[0]);
                if (tree != null) {
                    for (int child : tree.children()) {
                        queue.add(new int[]{child, next[1] + 1});
                    }
                }
            }
        }
        return frame;
    }

    /** The top-level ancestor of {@code window}: the child of the root holding it (itself when top-level). */
    static int frameOf(X11Connection x, int window) {
        int w = window;
        for (int depth = 0; depth < 64; depth++) {
            WindowQueries.Tree tree = WindowQueries.tree(x, w);
            if (tree == null || tree.parent() == x.root() || tree.parent() == 0) {
                return w;
            }
            w = tree.parent();
        }
        return w;
    }

    /** One window's entry; null when it vanished while being read. */
    static WindowInfo describe(X11Connection x, int client, int frame, Atoms atoms, List<int[]> covering) {
        WindowQueries.Attributes attributes = WindowQueries.attributes(x, client);
        WindowQueries.Geometry geometry = attributes == null ? null : WindowQueries.geometry(x, client);
        int[] origin = geometry == null ? null : WindowQueries.rootPosition(x, client);
        if (origin == null) {
            return null;
        }
        String title = "";
        WindowQueries.Property name = WindowQueries.property(x, client, atoms.netWmName(), atoms.utf8String());
        if (name == null) {
            name = WindowQueries.property(x, client, XcbWindow.ATOM_WM_NAME, XcbWindow.ATOM_ANY);
        }
        if (name != null) {
            title = name.text(atoms.utf8String());
        }
        String instance = "";
        String className = "";
        WindowQueries.Property wmClass = WindowQueries.property(x, client, XcbWindow.ATOM_WM_CLASS,
                XcbWindow.ATOM_STRING);
        if (wmClass != null) {
            String[] parts = wmClass.text(atoms.utf8String()).split("\0", -1);
            instance = parts[0];
            className = parts.length > 1 ? parts[1] : "";
        }
        WindowQueries.Property pidProperty = WindowQueries.property(x, client, atoms.netWmPid(),
                XcbWindow.ATOM_CARDINAL);
        long pid = pidProperty == null ? -1 : pidProperty.firstCardinal();
        boolean visible = attributes.viewable() && showsThrough(new int[]{origin[0], origin[1],
                origin[0] + geometry.width(), origin[1] + geometry.height()}, x.width(), x.height(), covering);
        return new WindowInfo(Integer.toUnsignedLong(client), Integer.toUnsignedLong(frame), title, className,
                instance, pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty(), origin[0], origin[1],
                geometry.width(), geometry.height(), attributes.mapped(), visible);
    }

    /** Whether some of {@code rect} lies on the screen outside every rectangle of {@code covering}. */
    static boolean showsThrough(int[] rect, int screenWidth, int screenHeight, List<int[]> covering) {
        List<int[]> left = new ArrayList<>();
        int[] onScreen = {Math.max(0, rect[0]), Math.max(0, rect[1]), Math.min(screenWidth, rect[2]),
                Math.min(screenHeight, rect[3])};
        if (onScreen[0] < onScreen[2] && onScreen[1] < onScreen[3]) {
            left.add(onScreen);
        }
        for (int[] c : covering) {
            List<int[]> next = new ArrayList<>();
            for (int[] r : left) {
                subtract(r, c, next);
            }
            left = next;
            if (left.isEmpty()) {
                break;
            }
        }
        return !left.isEmpty();
    }

    /** Adds the parts of {@code r} outside {@code c} (at most four) to {@code out}. */
    private static void subtract(int[] r, int[] c, List<int[]> out) {
        if (c[0] >= r[2] || c[2] <= r[0] || c[1] >= r[3] || c[3] <= r[1]) {
            out.add(r);
            return;
        }
        if (c[1] > r[1]) {
            out.add(new int[]{r[0], r[1], r[2], c[1]});                 // above
        }
        if (c[3] < r[3]) {
            out.add(new int[]{r[0], c[3], r[2], r[3]});                 // below
        }
        int y0 = Math.max(r[1], c[1]), y1 = Math.min(r[3], c[3]);
        if (c[0] > r[0]) {
            out.add(new int[]{r[0], y0, c[0], y1});                     // left
        }
        if (c[2] < r[2]) {
            out.add(new int[]{c[2], y0, r[2], y1});                     // right
        }
    }
}
