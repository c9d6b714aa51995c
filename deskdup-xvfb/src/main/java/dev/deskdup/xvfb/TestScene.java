package dev.deskdup.xvfb;

/**
 * A moving test scene: eight colour bars and a square bouncing over them, about 60 updates per second, drawn
 * through its own connection until stopped. Each step repaints exactly what the square uncovers (the bars under
 * its old place, bar by bar), so it leaves no trail: a capture shows bars and one square, nothing else.
 */
final class TestScene implements Runnable {

    static final int[] BAR_COLOURS = {0xC0C0C0, 0xC0C000, 0x00C0C0, 0x00C000, 0xC000C0, 0xC00000, 0x0000C0,
            0x101010};
    static final int SQUARE_COLOUR = 0xFF8000;

    private final VirtualDisplay display;
    private final int width;
    private final int height;

    TestScene(VirtualDisplay display) {
        this.display = display;
        this.width = display.width();
        this.height = display.height();
    }

    /** Left edge of bar {@code i}. */
    private int barLeft(int i) {
        return i * width / BAR_COLOURS.length;
    }

    /** The colour-bar background, full screen. */
    static void drawBars(X11Painter painter, int width, int height) {
        int bars = BAR_COLOURS.length;
        for (int i = 0; i < bars; i++) {
            int left = i * width / bars;
            painter.fillRect(left, 0, (i + 1) * width / bars - left, height, BAR_COLOURS[i]);
        }
    }

    /** Repaints the background under {@code (x, y, w, h)}, one fill per bar it crosses. */
    private void repaintBars(X11Painter painter, int x, int y, int w, int h) {
        for (int i = 0; i < BAR_COLOURS.length; i++) {
            int left = Math.max(x, barLeft(i));
            int right = Math.min(x + w, barLeft(i + 1));
            if (right > left) {
                painter.fillRect(left, y, right - left, h, BAR_COLOURS[i]);
            }
        }
    }

    @Override
    public void run() {
        try (X11Painter painter = display.painter()) {
            drawBars(painter, width, height);
            int size = Math.max(16, Math.min(width, height) / 8);
            int px = 0, py = 0, dx = Math.max(1, width / 160), dy = Math.max(1, height / 120);
            while (!Thread.currentThread().isInterrupted()) {
                repaintBars(painter, px, py, size, size);
                px += dx;
                py += dy;
                if (px < 0 || px + size > width) {
                    dx = -dx;
                    px += 2 * dx;
                }
                if (py < 0 || py + size > height) {
                    dy = -dy;
                    py += 2 * dy;
                }
                painter.fillRect(px, py, size, size, SQUARE_COLOUR);
                painter.sync();
                Thread.sleep(16);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The server went away (closed): the scene ends with it.
        }
    }
}
