package dev.deskdup;

/**
 * How a frame's bytes encode its pixels.
 */
public enum PixelFormat {
    /** Four bytes per pixel in memory order blue, green, red, alpha (X11 and DXGI's native 32-bit format). */
    BGRA(4),
    /** Four bytes per pixel: red, green, blue, alpha. A conversion target. */
    RGBA(4),
    /** Three bytes per pixel: red, green, blue. A conversion target. */
    RGB(3),
    /** One byte per pixel, luma (BT.601 weights). A conversion target. */
    GRAY8(1);

    private final int bytesPerPixel;

    PixelFormat(int bytesPerPixel) {
        this.bytesPerPixel = bytesPerPixel;
    }

    public int bytesPerPixel() {
        return bytesPerPixel;
    }
}
