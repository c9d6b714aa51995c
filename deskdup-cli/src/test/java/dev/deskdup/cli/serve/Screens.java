package dev.deskdup.cli.serve;

import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;
import dev.deskdup.cli.SafeOutputFile;
import dev.deskdup.xvfb.VirtualDisplay;
import dev.deskdup.xvfb.X11Painter;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test scenes drawn on an X display, the display's true pixels, and servers started against it. */
final class Screens {

    private Screens() {
    }

    /** UI-like: solid panels, thin lines, a block of "text" (two-colour glyph noise), a small gradient. */
    static void drawUiScene(VirtualDisplay display, int width, int height) {
        try (X11Painter p = display.painter()) {
            p.fillRect(0, 0, width, height, 0x2b2d31);
            p.fillRect(0, 0, width, 28, 0x3c78d8);
            p.fillRect(20, 50, width / 3, height / 2, 0xf4f4f4);
            for (int y = 60; y < 50 + height / 2 - 10; y += 14) {
                p.fillRect(28, y, width / 3 - 40, 1, 0xcccccc);
            }
            int tw = 200;
            int th = 60;
            int[] text = new int[tw * th];
            Random r = new Random(7);
            for (int i = 0; i < text.length; i++) {
                text[i] = r.nextInt(5) == 0 ? 0x111111 : 0xf4f4f4;
            }
            p.putImage(width / 2, 60, tw, th, text);
            int gw = 120;
            int gh = 40;
            int[] gradient = new int[gw * gh];
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    gradient[y * gw + x] = (x * 2) << 16 | (y * 6) << 8 | 0x80;
                }
            }
            p.putImage(width / 2, 160, gw, gh, gradient);
            p.sync();
        }
    }

    /** Photographic: smooth gradients plus noise over the whole screen (what JPEG is for). */
    static void drawPhotoScene(VirtualDisplay display, int width, int height, long seed) {
        int[] rgb = photo(width, height, seed);
        try (X11Painter p = display.painter()) {
            p.putImage(0, 0, width, height, rgb);
            p.sync();
        }
    }

    static int[] photo(int width, int height, long seed) {
        Random r = new Random(seed);
        int[] rgb = new int[width * height];
        double phase = r.nextDouble() * 6.28;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int red = (int) (127 + 100 * Math.sin(x / 37.0 + phase)) + r.nextInt(17) - 8;
                int green = (int) (127 + 100 * Math.cos(y / 23.0 + phase)) + r.nextInt(17) - 8;
                int blue = (int) (127 + 90 * Math.sin((x + y) / 51.0)) + r.nextInt(17) - 8;
                rgb[y * width + x] = clamp(red) << 16 | clamp(green) << 8 | clamp(blue);
            }
        }
        return rgb;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    /** The display's pixels now, as 0xRRGGBB, read with deskdup itself (a full, fresh frame). */
    static int[] truth(VirtualDisplay display) {
        try (ScreenCapture c = ScreenCapture.open(CaptureOptions.defaults().display(display.display())
                .xauthority(display.xauthority()).changeTracking(false))) {
            Frame f = c.acquire(5, TimeUnit.SECONDS);
            try (f) {
                int[] out = new int[f.width() * f.height()];
                for (int y = 0; y < f.height(); y++) {
                    for (int x = 0; x < f.width(); x++) {
                        out[y * f.width() + x] = f.pixels().get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED,
                                (long) y * f.stride() + 4L * x) & 0xFFFFFF;
                    }
                }
                return out;
            }
        }
    }

    /** The canvas as 0xRRGGBB from the driver's raw RGBA dump. */
    static int[] canvas(Path rgba, int width, int height) throws IOException {
        byte[] b = Files.readAllBytes(rgba);
        if (b.length != width * height * 4) {
            throw new AssertionError("canvas dump has " + b.length + " bytes, expected " + width * height * 4);
        }
        int[] out = new int[width * height];
        for (int i = 0; i < out.length; i++) {
            out[i] = (b[4 * i] & 0xFF) << 16 | (b[4 * i + 1] & 0xFF) << 8 | (b[4 * i + 2] & 0xFF);
        }
        return out;
    }

    static void savePng(int[] rgb, int width, int height, Path file) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, width, height, rgb, 0, width);
        // Through SafeOutputFile, as the CLI writes: ImageIO.write(image, fmt, File) deletes the target first.
        SafeOutputFile.write("artifact", file, out -> ImageIO.write(image, "png", out));
    }

    /** A server on a free port against {@code display}, its log collected in {@code log}. */
    static LiveServer serve(VirtualDisplay display, ServeConfig config, StringWriter log) throws Exception {
        return LiveServer.start(config, CaptureOptions.defaults().display(display.display())
                        .xauthority(display.xauthority()).maxFps(60),
                new ServeLog(new PrintWriter(log, true)));
    }
}
