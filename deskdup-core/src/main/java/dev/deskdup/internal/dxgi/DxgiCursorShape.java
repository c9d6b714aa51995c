package dev.deskdup.internal.dxgi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * One pointer shape, converted from what {@code GetFramePointerShape} returns into what frames carry: premultiplied
 * ARGB, one little-endian {@code int} per pixel, rows packed ({@link #argb}), plus, for the two masked types, the
 * exact AND and XOR masks so that {@code COMPOSITED} frames show the pointer as Windows draws it.
 *
 * <ul>
 * <li>{@code COLOR}: 32-bit ARGB with straight alpha (premultiplied here).</li>
 * <li>{@code MONOCHROME}: 1 bit per pixel, most significant bit first, the AND mask then the XOR mask, so the
 *     buffer is twice the pointer's height. AND 0 / XOR 0 is black, 0/1 white, 1/0 transparent, 1/1 inverts the
 *     screen.</li>
 * <li>{@code MASKED_COLOR}: 32-bit, the alpha byte is a mask: 0 replaces the screen pixel with the RGB value, 0xFF
 *     XORs the RGB value into it.</li>
 * </ul>
 * ARGB cannot express "invert the screen": in {@link #argb} a pixel that XORs the screen with a non-zero value is
 * opaque black (so an I-beam stays visible on the usual light background; FFmpeg's ddagrab makes such pixels
 * transparent instead), a pixel that XORs with zero is transparent. {@link #and}/{@link #xor} are exact.
 *
 * <p>Made only when the shape changes (it allocates: the pixels live in an automatic arena so that frames still
 * holding an older shape keep it).
 */
final class DxgiCursorShape {

    // DXGI_OUTDUPL_POINTER_SHAPE_TYPE (dxgi1_2.h)
    static final int DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MONOCHROME = 1;
    static final int DXGI_OUTDUPL_POINTER_SHAPE_TYPE_COLOR = 2;
    static final int DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MASKED_COLOR = 4;

    /** Larger shapes are refused as nonsense (Windows pointers are at most 256x256 with the largest size set). */
    static final int MAX_SIDE = 1024;

    private static final int OPAQUE_BLACK = 0xFF000000;

    final long serial;
    final int type;
    final int width;
    final int height;
    final int hotspotX;
    final int hotspotY;
    /** Premultiplied ARGB, read-only. */
    final MemorySegment argb;
    /** Per pixel {@code result = (screen & and) ^ xor}, alpha of the screen kept; null for COLOR (alpha blended). */
    final int[] and;
    final int[] xor;

    private DxgiCursorShape(long serial, int type, int width, int height, int hotspotX, int hotspotY,
                            MemorySegment argb, int[] and, int[] xor) {
        this.serial = serial;
        this.type = type;
        this.width = width;
        this.height = height;
        this.hotspotX = hotspotX;
        this.hotspotY = hotspotY;
        this.argb = argb;
        this.and = and;
        this.xor = xor;
    }

    /**
     * Converts a shape buffer of {@code bytes} bytes as {@code DXGI_OUTDUPL_POINTER_SHAPE_INFO} describes it.
     *
     * @return the shape, or null when the description does not fit the buffer or the type is unknown
     */
    static DxgiCursorShape convert(long serial, int type, int width, int bufferHeight, int pitch, int hotspotX,
                                   int hotspotY, MemorySegment buffer, long bytes) {
        boolean mono = type == DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MONOCHROME;
        int height = mono ? bufferHeight / 2 : bufferHeight;
        long rowBytes = mono ? (width + 7) / 8 : 4L * width;
        if (width <= 0 || height <= 0 || width > MAX_SIDE || height > MAX_SIDE || pitch < rowBytes
                || (long) pitch * (mono ? 2L * height : height) > Math.min(bytes, buffer.byteSize())
                || (!mono && type != DXGI_OUTDUPL_POINTER_SHAPE_TYPE_COLOR
                        && type != DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MASKED_COLOR)) {
            return null;
        }
        MemorySegment argb = Arena.ofAuto().allocate(4L * width * height, 4);
        int[] and = type == DXGI_OUTDUPL_POINTER_SHAPE_TYPE_COLOR ? null : new int[width * height];
        int[] xor = and == null ? null : new int[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                int out;
                if (mono) {
                    boolean a = bit(buffer, (long) y * pitch, x);
                    boolean b = bit(buffer, (long) (height + y) * pitch, x);
                    and[i] = 0xFF000000 | (a ? 0xFFFFFF : 0);
                    xor[i] = b ? 0xFFFFFF : 0;
                    out = a ? (b ? OPAQUE_BLACK : 0) : (b ? 0xFFFFFFFF : OPAQUE_BLACK);
                } else {
                    int p = buffer.get(JAVA_INT, (long) y * pitch + 4L * x);
                    if (type == DXGI_OUTDUPL_POINTER_SHAPE_TYPE_COLOR) {
                        out = premultiply(p);
                    } else if ((p >>> 24) == 0) {
                        and[i] = 0xFF000000;
                        xor[i] = p & 0xFFFFFF;
                        out = 0xFF000000 | p;
                    } else {
                        and[i] = 0xFFFFFFFF;
                        xor[i] = p & 0xFFFFFF;
                        out = (p & 0xFFFFFF) == 0 ? 0 : OPAQUE_BLACK;
                    }
                }
                argb.set(JAVA_INT, 4L * i, out);
            }
        }
        return new DxgiCursorShape(serial, type, width, height, hotspotX, hotspotY, argb.asReadOnly(), and, xor);
    }

    private static boolean bit(MemorySegment buffer, long row, int x) {
        return (buffer.get(JAVA_BYTE, row + (x >>> 3)) & (0x80 >>> (x & 7))) != 0;
    }

    /** Straight ARGB to premultiplied ARGB, rounding. */
    static int premultiply(int p) {
        int a = p >>> 24;
        if (a == 255) {
            return p;
        }
        if (a == 0) {
            return 0;
        }
        int r = ((p >>> 16) & 0xFF) * a + 127;
        int g = ((p >>> 8) & 0xFF) * a + 127;
        int b = (p & 0xFF) * a + 127;
        return (a << 24) | ((r / 255) << 16) | ((g / 255) << 8) | (b / 255);
    }

    @Override
    public String toString() {
        return "DxgiCursorShape[serial=" + serial + ", type=" + type + ", " + width + "x" + height + ", hotspot="
                + hotspotX + "," + hotspotY + "]";
    }
}
