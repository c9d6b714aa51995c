package dev.deskdup.cli.serve;

import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;

/** Drawing helpers for the serve tests. */
final class Cli {

    private Cli() {
    }

    /** Paints a rectangle one solid colour ({@code 0xRRGGBB}) and waits until the server did. */
    static void paint(VirtualDisplay display, int x, int y, int width, int height, int rgb) {
        try (X11Painter painter = display.painter()) {
            painter.fillRect(x, y, width, height, rgb);
            painter.sync();
        }
    }
}
