package dev.deskdup.cli;

import dev.deskdup.CaptureOptions;
import dev.deskdup.ScreenCapture;
import dev.deskdup.WindowInfo;
import dev.deskdup.cli.bench.JsonWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deskdup windows}: the top-level windows of the display, what --window takes. */
@Command(name = "windows",
        mixinStandardHelpOptions = true,
        header = "List the display's windows: what --window of screenshot and stream takes.",
        description = {
                "Lists the top-level windows of the X display, topmost first, one line each: the window's id (what "
                        + "--window takes, as xwininfo and xdotool print it), the process id when the "
                        + "application set _NET_WM_PID, the geometry of its content on the screen as "
                        + "WIDTHxHEIGHT+X+Y, its state, its WM_CLASS class and its title.",
                "",
                "State: 'visible' when some of it shows on the screen now; 'hidden' when it is mapped but nothing "
                        + "of it shows (covered by other windows, off the screen, or its frame minimised: it "
                        + "can still be captured when mapped); 'unmapped' when its application hid it (listed "
                        + "only with --all; no frames come while a window is unmapped).",
                "",
                "Under a window manager the application's window is listed (the one inside the manager's frame); "
                        + "--window-frame captures the frame with it.",
                "",
                "With --json: an array of objects with id (\"0x1a00003\"), idDecimal, frame, title, class, "
                        + "instance, pid (or null), x, y, width, height, mapped and visible."},
        footer = {
                "  deskdup windows",
                "  deskdup windows --all --json",
                "  deskdup screenshot editor.png --window 0x1a00003",
                "  deskdup screenshot editor.png --window 'Mozilla Firefox'",
                "  deskdup stream --window class:xterm --frames 300 --out term.bgra"})
final class WindowsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions target;

    @Option(names = "--all", description = "Unmapped windows too (toolkits keep many hidden helper windows).")
    boolean all;

    @Option(names = "--json", description = "One JSON array instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        if (target.synthetic()) {
            throw new IllegalArgumentException("source=synthetic has no windows to list (use --display D or "
                    + "--virtual)");
        }
        List<WindowInfo> windows;
        try (Target t = target.open(spec.commandLine().getErr())) {
            windows = ScreenCapture.windows(target.captureOptions(t));
        }
        List<WindowInfo> shown = new ArrayList<>();
        for (WindowInfo w : windows) {
            if (all || w.mapped()) {
                shown.add(w);
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(shown));
        } else {
            printTable(shown, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String state(WindowInfo w) {
        return w.visible() ? "visible" : w.mapped() ? "hidden" : "unmapped";
    }

    static void printTable(List<WindowInfo> windows, PrintWriter out) {
        if (windows.isEmpty()) {
            out.println("no windows");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "PID", "GEOMETRY", "STATE", "CLASS", "TITLE"});
        for (WindowInfo w : windows) {
            rows.add(new String[]{w.idHex(), w.pid().isPresent() ? String.valueOf(w.pid().getAsLong()) : "-",
                    w.width() + "x" + w.height() + (w.x() < 0 ? "" : "+") + w.x() + (w.y() < 0 ? "" : "+") + w.y(),
                    state(w), w.className().isEmpty() ? "-" : w.className(), printable(w.title())});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.append(row[5]).toString().stripTrailing());
        }
    }

    /** A title on one line: control characters (newlines in a title) shown as spaces. */
    private static String printable(String title) {
        return title.codePoints().map(c -> Character.isISOControl(c) ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    static String json(List<WindowInfo> windows) {
        JsonWriter w = new JsonWriter().beginArray();
        for (WindowInfo i : windows) {
            w.beginObject()
                    .member("id", i.idHex())
                    .member("idDecimal", i.id())
                    .member("frame", "0x" + Long.toHexString(i.frame()))
                    .member("title", i.title())
                    .member("class", i.className())
                    .member("instance", i.instance());
            if (i.pid().isPresent()) {
                w.member("pid", i.pid().getAsLong());
            } else {
                w.member("pid", (String) null);
            }
            w.member("x", i.x()).member("y", i.y()).member("width", i.width()).member("height", i.height())
                    .member("mapped", i.mapped()).member("visible", i.visible())
                    .endObject();
        }
        return w.endArray().toString();
    }
}
