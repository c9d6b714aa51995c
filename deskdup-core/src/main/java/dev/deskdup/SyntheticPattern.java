package dev.deskdup;

/**
 * The deterministic test pattern of the {@code "synthetic"} source ({@link CaptureOptions#source(String)}): frame
 * {@code n}'s pixel at screen coordinates {@code (x, y)} is {@link #pixel(long, int, int)}, a pure function, so a
 * test can check every byte of every frame without a display.
 */
public final class SyntheticPattern {

    private SyntheticPattern() {
    }

    /**
     * {@code 0xAARRGGBB} (BGRA bytes in memory) of frame {@code n} (counting from 1) at {@code (x, y)}: blue runs
     * along x, green along y, red with the frame number, alpha opaque.
     */
    public static int pixel(long n, int x, int y) {
        int b = (x + (int) n) & 0xFF;
        int g = (y + 3 * (int) n) & 0xFF;
        int r = ((x ^ y) + 7 * (int) n) & 0xFF;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }
}
