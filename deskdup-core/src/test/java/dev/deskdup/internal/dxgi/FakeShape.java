package dev.deskdup.internal.dxgi;

/**
 * A pointer shape as GetFramePointerShape hands it out: type, size, pitch, hotspot and the raw buffer (for
 * monochrome shapes the AND mask then the XOR mask, so {@code height} is twice the pointer's).
 */
record FakeShape(int type, int width, int height, int pitch, int hotspotX, int hotspotY, byte[] bytes) {

    /** A COLOR shape from straight-alpha ARGB pixels, rows packed. */
    static FakeShape color(int width, int height, int hotspotX, int hotspotY, int[] argb) {
        byte[] b = new byte[4 * width * height];
        for (int i = 0; i < argb.length; i++) {
            putInt(b, 4 * i, argb[i]);
        }
        return new FakeShape(DxgiCursorShape.DXGI_OUTDUPL_POINTER_SHAPE_TYPE_COLOR, width, height, 4 * width,
                hotspotX, hotspotY, b);
    }

    /** A MASKED_COLOR shape: each pixel's alpha byte is the mask (0 replace, 0xFF XOR). */
    static FakeShape masked(int width, int height, int hotspotX, int hotspotY, int[] pixels) {
        byte[] b = new byte[4 * width * height];
        for (int i = 0; i < pixels.length; i++) {
            putInt(b, 4 * i, pixels[i]);
        }
        return new FakeShape(DxgiCursorShape.DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MASKED_COLOR, width, height,
                4 * width, hotspotX, hotspotY, b);
    }

    /**
     * A MONOCHROME shape from per-pixel AND and XOR bits (row-major, {@code width × height}), packed 1 bit per
     * pixel, most significant bit first, rows padded to {@code pitch} bytes (as Windows pads them to 4).
     */
    static FakeShape mono(int width, int height, int hotspotX, int hotspotY, boolean[] and, boolean[] xor) {
        int pitch = ((width + 31) / 32) * 4;
        byte[] b = new byte[pitch * 2 * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                if (and[y * width + x]) {
                    b[y * pitch + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
                if (xor[y * width + x]) {
                    b[(height + y) * pitch + x / 8] |= (byte) (0x80 >>> (x % 8));
                }
            }
        }
        return new FakeShape(DxgiCursorShape.DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MONOCHROME, width, 2 * height, pitch,
                hotspotX, hotspotY, b);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
