package dev.deskdup;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Copies and conversions of strided BGRA images into memory the caller provides: a {@link MemorySegment}, a
 * {@code byte[]} or a {@link ByteBuffer}, each written through its own accessors so that no call wraps the
 * destination or slices the source (nothing is allocated; measured by {@code FrameCopyAllocationTest} and the JMH
 * {@code PixelConversionBenchmark} under {@code -prof gc}). Only {@link #toBufferedImage} allocates, for interop.
 * Package-private: {@link Frame}'s {@code copyTo…}/{@code convertTo…} methods are the API.
 */
final class PixelConversions {

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfByte BYTE = ValueLayout.JAVA_BYTE;
    /** Little-endian ints at any byte offset of a {@code byte[]}. */
    private static final VarHandle ARRAY_LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private PixelConversions() {
    }

    /** Throws naming what was too small; the message is built only then (never per call). */
    private static void checkRoom(long have, int width, int height, PixelFormat format, String what) {
        long needed = (long) width * height * format.bytesPerPixel();
        if (have < needed) {
            throw new IllegalArgumentException(what + "=" + have + " is too small for " + width + "x" + height
                    + " " + format + " (needs " + needed + " bytes)");
        }
    }

    // ---- into a MemorySegment ------------------------------------------------------------------------------------

    /** Copies a strided BGRA image into {@code dst} from offset 0, rows packed: one bulk copy when already packed. */
    static void copyPacked(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkRoom(dst.byteSize(), width, height, PixelFormat.BGRA, "dst.byteSize");
        long row = 4L * width;
        if (stride == row) {
            MemorySegment.copy(src, 0, dst, 0, row * height);
            return;
        }
        for (int y = 0; y < height; y++) {
            MemorySegment.copy(src, (long) y * stride, dst, y * row, row);
        }
    }

    /** Converts a strided BGRA image into {@code target}, rows packed, in {@code dst} from offset 0. */
    static void convert(MemorySegment src, int stride, int width, int height, PixelFormat target,
                        MemorySegment dst) {
        // One small method per format: each loop is its own compilation unit, as the JIT optimises best.
        switch (target) {
            case BGRA -> copyPacked(src, stride, width, height, dst);
            case RGBA -> toRgba(src, stride, width, height, dst);
            case RGB -> toRgb(src, stride, width, height, dst);
            case GRAY8 -> toGray(src, stride, width, height, dst);
        }
    }

    private static void toRgba(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkRoom(dst.byteSize(), width, height, PixelFormat.RGBA, "dst.byteSize");
        long d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d += 4) {
                dst.set(LE_INT, d, rgba(src.get(LE_INT, s)));
            }
        }
    }

    private static void toRgb(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkRoom(dst.byteSize(), width, height, PixelFormat.RGB, "dst.byteSize");
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

    private static void toGray(MemorySegment src, int stride, int width, int height, MemorySegment dst) {
        checkRoom(dst.byteSize(), width, height, PixelFormat.GRAY8, "dst.byteSize");
        long d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d++) {
                dst.set(BYTE, d, (byte) gray(src.get(LE_INT, s)));
            }
        }
    }

    // ---- into a byte[] -------------------------------------------------------------------------------------------

    /** Copies a strided BGRA image into {@code dst} from index 0, rows packed. */
    static void copyPacked(MemorySegment src, int stride, int width, int height, byte[] dst) {
        copyPacked(src, stride, width, height, dst, 0);
    }

    private static void copyPacked(MemorySegment src, int stride, int width, int height, byte[] dst, int offset) {
        checkRoom(dst.length - (long) offset, width, height, PixelFormat.BGRA, "dst.byteSize");
        int row = 4 * width;
        if (stride == row) {
            MemorySegment.copy(src, BYTE, 0, dst, offset, row * height);
            return;
        }
        for (int y = 0; y < height; y++) {
            MemorySegment.copy(src, BYTE, (long) y * stride, dst, offset + y * row, row);
        }
    }

    /** Converts a strided BGRA image into {@code target}, rows packed, in {@code dst} from index 0. */
    static void convert(MemorySegment src, int stride, int width, int height, PixelFormat target, byte[] dst) {
        switch (target) {
            case BGRA -> copyPacked(src, stride, width, height, dst, 0);
            case RGBA -> toRgba(src, stride, width, height, dst);
            case RGB -> toRgb(src, stride, width, height, dst);
            case GRAY8 -> toGray(src, stride, width, height, dst);
        }
    }

    private static void toRgba(MemorySegment src, int stride, int width, int height, byte[] dst) {
        checkRoom(dst.length, width, height, PixelFormat.RGBA, "dst.byteSize");
        int d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d += 4) {
                ARRAY_LE_INT.set(dst, d, rgba(src.get(LE_INT, s)));
            }
        }
    }

    private static void toRgb(MemorySegment src, int stride, int width, int height, byte[] dst) {
        checkRoom(dst.length, width, height, PixelFormat.RGB, "dst.byteSize");
        int d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d += 3) {
                int p = src.get(LE_INT, s);
                dst[d] = (byte) (p >>> 16);
                dst[d + 1] = (byte) (p >>> 8);
                dst[d + 2] = (byte) p;
            }
        }
    }

    private static void toGray(MemorySegment src, int stride, int width, int height, byte[] dst) {
        checkRoom(dst.length, width, height, PixelFormat.GRAY8, "dst.byteSize");
        int d = 0;
        for (int y = 0; y < height; y++) {
            long s = (long) y * stride;
            for (int x = 0; x < width; x++, s += 4, d++) {
                dst[d] = (byte) gray(src.get(LE_INT, s));
            }
        }
    }

    // ---- into a ByteBuffer ---------------------------------------------------------------------------------------

    /**
     * Copies a strided BGRA image into {@code dst} at its position, rows packed, and advances the position: through
     * the backing array for heap buffers, by absolute 8-byte puts for direct ones (the ring's own frames copy into
     * direct buffers in bulk, from a buffer view of the slot they keep).
     */
    static void copyPacked(MemorySegment src, int stride, int width, int height, ByteBuffer dst) {
        checkRoom(dst.remaining(), width, height, PixelFormat.BGRA, "dst.remaining");
        int start = dst.position();
        int row = 4 * width;
        if (dst.hasArray() && !dst.isReadOnly()) {
            copyPacked(src, stride, width, height, dst.array(), dst.arrayOffset() + start);
        } else {
            ByteOrder order = dst.order();
            dst.order(ByteOrder.LITTLE_ENDIAN);
            try {
                for (int y = 0; y < height; y++) {
                    long s = (long) y * stride;
                    int d = start + y * row;
                    int x = 0;
                    for (; x + 8 <= row; x += 8) {
                        dst.putLong(d + x, src.get(LE_LONG, s + x));
                    }
                    for (; x < row; x++) {
                        dst.put(d + x, src.get(BYTE, s + x));
                    }
                }
            } finally {
                dst.order(order);
            }
        }
        dst.position(start + row * height);
    }

    // ---- pixels --------------------------------------------------------------------------------------------------

    /** BGRA read as a little-endian int ({@code 0xAARRGGBB}) → the int whose little-endian bytes are R, G, B, A. */
    static int rgba(int argb) {
        return (argb & 0xFF00FF00) | (argb >>> 16 & 0xFF) | (argb & 0xFF) << 16;
    }

    /** The BT.601 luma {@code (77 R + 150 G + 29 B + 128) >> 8} of one {@code 0xAARRGGBB} pixel. */
    static int gray(int argb) {
        return (77 * (argb >>> 16 & 0xFF) + 150 * (argb >>> 8 & 0xFF) + 29 * (argb & 0xFF) + 128) >> 8;
    }

    /** <strong>Allocates</strong> a {@code TYPE_INT_RGB} image holding a copy of the frame. */
    static BufferedImage toBufferedImage(MemorySegment src, int stride, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            // BGRA bytes read as little-endian ints are 0xAARRGGBB: exactly TYPE_INT_RGB's layout (alpha ignored).
            MemorySegment.copy(src, LE_INT, (long) y * stride, data, y * width, width);
        }
        return image;
    }
}
