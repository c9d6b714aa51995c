package dev.deskdup.internal.x11;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.TestWindow;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Windows made on a test display, and what window-capture tests check on frames. */
final class WindowFixture implements AutoCloseable {

    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final VirtualDisplay xvfb;
    final X11Painter painter;
    private final List<TestWindow> made = new ArrayList<>();

    WindowFixture(VirtualDisplay xvfb, X11Painter painter) {
        this.xvfb = xvfb;
        this.painter = painter;
    }

    CaptureOptions options() {
        return CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority())
                .source(CaptureOptions.SOURCE_X11);
    }

    /** A mapped top-level window, synced. */
    TestWindow window(int x, int y, int w, int h, int rgb) {
        TestWindow t = painter.createWindow(x, y, w, h, rgb).map();
        made.add(t);
        painter.sync();
        return t;
    }

    /** An unmapped window (of {@code parent}, with a border). */
    TestWindow unmapped(int parent, int x, int y, int w, int h, int border, int rgb) {
        TestWindow t = painter.createWindow(parent, x, y, w, h, border, rgb);
        made.add(t);
        return t;
    }

    static int[] random(int count, long seed) {
        Random r = new Random(seed);
        int[] rgb = new int[count];
        for (int i = 0; i < count; i++) {
            rgb[i] = r.nextInt() & 0xFFFFFF;
        }
        return rgb;
    }

    static Frame next(ScreenCapture capture) {
        Frame frame = capture.acquire(2, TimeUnit.SECONDS);
        assertThat(frame).as("a frame within 2 s").isNotNull();
        return frame;
    }

    static int pixel(Frame f, int x, int y) {
        return f.pixels().get(PIXEL, (long) y * f.stride() + 4L * x) & 0xFFFFFF;
    }

    /** The first pixel where {@code f} differs from {@code expected} (w×h, rows packed), or null. */
    static String firstDifference(Frame f, int[] expected, int w, int h) {
        if (f.width() != w || f.height() != h) {
            return "size " + f.width() + "x" + f.height() + " instead of " + w + "x" + h;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int got = pixel(f, x, y);
                if (got != expected[y * w + x]) {
                    return String.format("pixel (%d,%d) is 0x%06x, expected 0x%06x", x, y, got, expected[y * w + x]);
                }
            }
        }
        return null;
    }

    /** Frames until one shows {@code expected} exactly (a big image may arrive over a few frames); fails after 3 s. */
    static void awaitContent(ScreenCapture capture, int[] expected, int w, int h) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        String difference = "no frame";
        while (System.nanoTime() < deadline) {
            Frame f = capture.acquire(200, TimeUnit.MILLISECONDS);
            if (f == null) {
                continue;
            }
            try (f) {
                difference = firstDifference(f, expected, w, h);
                if (difference == null) {
                    return;
                }
            }
        }
        throw new AssertionError("no frame showed the expected content within 3 s; last: " + difference);
    }

    /** Takes the frames still coming (none for 200 ms): what follows is then caused by the test alone. */
    static void drain(ScreenCapture capture) {
        Frame f;
        while ((f = capture.acquire(200, TimeUnit.MILLISECONDS)) != null) {
            f.close();
        }
    }

    static int[] filled(int w, int h, int rgb) {
        int[] a = new int[w * h];
        java.util.Arrays.fill(a, rgb);
        return a;
    }

    /** Destroys every window this fixture made (those still there). */
    @Override
    public void close() {
        for (TestWindow t : made) {
            t.destroy(); // a BadWindow for one destroyed already is an ignored async error
        }
        made.clear();
        painter.sync();
    }
}
