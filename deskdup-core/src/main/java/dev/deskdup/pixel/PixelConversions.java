package dev.deskdup.pixel;

import dev.deskdup.PixelFormat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Copies and conversions of BGRA frames into caller-provided memory. Nothing here allocates except
 * {@link #toBufferedImage}, which exists for interop.
 */
public final class PixelConversions {

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;

    private PixelConversions() {
    }

    private static void checkDst(MemorySegment dst, long needed, String what) {
        if (dst.byteSize() < needed) {
            throw new IllegalArgumentException("dst.byteSize=" + dst.byteSize() + " is too small for " + what
                    + " (needs " + needed + " bytes)");
        }
    }

    /** Copies a strided BGRA image into {@code dst}, rows packed: one bulk copy when already packed. */
    public static void copyPacked(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        long row = (long) width * 4;
        checkDst(dst, row * height, width + "x" + height + " BGRA");
        if (stride == row) {
            MemorySegment.copy(src, 0, dst, 0, row * height);
            return;
        }
        for (int y = 0; y < height; y++) {
            MemorySegment.copy(src, (long) y * stride, dst, y * row, row);
        }
    }

    /** Converts a strided BGRA image into {@code target}, rows packed, in {@code dst}. */
    public static void convert(MemorySegment src, int stride, int width, int height, PixelFormat target,
                               MemorySegment dst) {
        switch (target) {
            case BGRA -> copyPacked(src, stride, width, height, dst);
            case RGBA -> toRgba(src, stride, width, height, dst);
            case RGB -> toRgb(src, stride, width, height, dst);
            case GRAY8 -> toGray(src, stride, width, height, dst);
        }
    }

    /** BGRA → RGBA: swaps the blue and red bytes of each pixel. */
    public static void toRgba(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkDst(dst, (long) width * height * 4, width + "x" + height + " RGBA");
        long d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d += 4) {
                int p = src.get(LE_INT, s); // 0xAARRGGBB
                dst.set(LE_INT, d, (p & 0xFF00FF00) | (p >>> 16 & 0xFF) | (p & 0xFF) << 16);
            }
        }
    }

    /** BGRA → RGB: three bytes per pixel, alpha dropped. */
    public static void toRgb(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkDst(dst, (long) width * height * 3, width + "x" + height + " RGB");
        long d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d += 3) {
                int p = src.get(LE_INT, s);
                dst.set(BYTE, d, (byte) (p >>> 16));
                dst.set(BYTE, d + 1, (byte) (p >>> 8));
                dst.set(BYTE, d + 2, (byte) p);
            }
        }
    }

    /** BGRA → GRAY8, BT.601 luma {@code (77 R + 150 G + 29 B + 128) >> 8}. */
    public static void toGray(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkDst(dst, (long) width * height, width + "x" + height + " GRAY8");
        long d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d++) {
                int p = src.get(LE_INT, s);
                dst.set(BYTE, d, (byte) gray(p));
            }
        }
    }

    /** The luma of one {@code 0xAARRGGBB} pixel, as {@link #toGray} computes it. */
    public static int gray(int argb) {
        return (77 * (argb >>> 16 & 0xFF) + 150 * (argb >>> 8 & 0xFF) + 29 * (argb & 0xFF) + 128) >> 8;
    }

    /** <strong>Allocates</strong> a {@code TYPE_INT_RGB} image holding a copy of the frame. */
    public static BufferedImage toBufferedImage(MemorySegment src, int stride, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            // BGRA bytes read as little-endian ints are 0xAARRGGBB: exactly TYPE_INT_RGB's layout (alpha ignored).
            MemorySegment.copy(src, LE_INT, (long) y * stride, data, y * width, width);
        }
        return image;
    }
}
