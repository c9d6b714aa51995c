package dev.deskdup.cli.serve;

import dev.deskdup.source.x11.X11Painter;

/** Drawing helpers for the serve tests. */
final class Cli {

    private Cli() {
    }

    /** Paints a rectangle one solid colour ({@code 0xRRGGBB}) and waits until the server did. */
    static void paint(String display, int x, int y, int width, int height, int rgb) {
        try (X11Painter painter = X11Painter.connect(display)) {
            painter.fillRect(x, y, width, height, rgb);
            painter.sync();
        }
    }
}
