package dev.deskdup.cli;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Keeps a planar YUV 4:2:0 (I420) image of the video up to date from BGRA frames, converting only the rectangles
 * that changed: what an encoder takes, so ffmpeg need not convert every whole frame itself. On an idle screen
 * nothing is converted; a small change costs in proportion to its size.
 *
 * <p>Colours: ITU-R BT.709, limited range (Y 16-235, Cb/Cr 16-240), as HD video is tagged (the encoder is told so,
 * see {@link #FFMPEG_COLOR_OPTIONS}); chroma is the mean of each 2×2 block. An odd width or height is rounded up to
 * even, which 4:2:0 needs, repeating the last column or row.
 *
 * <p>The planes live in one off-heap buffer made once ({@code Y, then Cb, then Cr}, rows packed); nothing is
 * allocated per frame.
 */
final class I420Converter implements AutoCloseable {

    /** How ffmpeg must be told what the planes hold (after its input, for the output stream). */
    static final java.util.List<String> FFMPEG_COLOR_OPTIONS = java.util.List.of("-colorspace", "bt709",
            "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv");

    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED;
    /** Two pixels at once, for the chroma of a 2×2 block. */
    private static final ValueLayout.OfLong PAIR = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final long RB_LANES = 0x00FF00FF_00FF00FFL;
    private static final long G_LANES = 0x0000FF00_0000FF00L;
    private static final int SHIFT = 16;
    private static final int HALF = 1 << (SHIFT - 1);

    // BT.709: Kr = 0.2126, Kb = 0.0722; limited range scales luma by 219/255 and chroma by 224/255.
    private static final int YR = coefficient(0.2126 * 219 / 255);
    private static final int YG = coefficient(0.7152 * 219 / 255);
    private static final int YB = coefficient(0.0722 * 219 / 255);
    private static final int UR = coefficient(-0.2126 / (2 * (1 - 0.0722)) * 224 / 255);
    private static final int UG = coefficient(-0.7152 / (2 * (1 - 0.0722)) * 224 / 255);
    private static final int UB = coefficient(0.5 * 224 / 255);
    private static final int VR = coefficient(0.5 * 224 / 255);
    private static final int VG = coefficient(-0.7152 / (2 * (1 - 0.2126)) * 224 / 255);
    private static final int VB = coefficient(-0.0722 / (2 * (1 - 0.2126)) * 224 / 255);
    private static final int Y_OFFSET = (16 << SHIFT) + HALF;
    private static final int C_OFFSET = (128 << SHIFT) + HALF;

    private final int sourceWidth;
    private final int sourceHeight;
    private final int width;
    private final int height;
    private final long chromaOffset;
    private final long crOffset;
    private final int chromaWidth;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment planes;
    private final ByteBuffer buffer;
    // Scratch rows, made once: two source rows, sums, and the converted values before they go into the planes.
    private final int[] top;
    private final int[] bottom;
    private final int[] ints;
    private final int[] ints2;
    private final long[] topPairs;
    private final long[] bottomPairs;
    private final int[] sumRb;
    private final int[] sumG;
    private final byte[] bytes;
    private final byte[] cbBytes;
    private final byte[] crBytes;
    private boolean primed;

    /** For frames of {@code sourceWidth × sourceHeight} (the video's size). */
    I420Converter(int sourceWidth, int sourceHeight) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.width = (sourceWidth + 1) & ~1;
        this.height = (sourceHeight + 1) & ~1;
        this.chromaWidth = width / 2;
        this.chromaOffset = (long) width * height;
        this.crOffset = chromaOffset + (long) chromaWidth * (height / 2);
        this.planes = arena.allocate(crOffset + (long) chromaWidth * (height / 2), 64);
        this.buffer = planes.asByteBuffer();
        this.top = new int[width];
        this.bottom = new int[width];
        this.ints = new int[width];
        this.ints2 = new int[width];
        this.topPairs = new long[chromaWidth];
        this.bottomPairs = new long[chromaWidth];
        this.sumRb = new int[chromaWidth];
        this.sumG = new int[chromaWidth];
        this.bytes = new byte[width];
        this.cbBytes = new byte[chromaWidth];
        this.crBytes = new byte[chromaWidth];
    }

    /** Width of the I420 image: the source's, rounded up to even. */
    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Bytes of one I420 frame. */
    long frameBytes() {
        return planes.byteSize();
    }

    /** The planes, ready to write: position 0, limit the frame's size (reset on every call). */
    ByteBuffer frame() {
        return buffer.clear();
    }

    /**
     * Brings the planes up to date with {@code frame}: its changed rectangles (the whole frame the first time).
     *
     * @return pixels converted (0 for a repeat)
     */
    long convert(FittedFrame frame) {
        if (!primed) {
            primed = true;
            return convertRect(frame, 0, 0, sourceWidth, sourceHeight);
        }
        long converted = 0;
        for (int i = 0; i < frame.rectCount(); i++) {
            converted += convertRect(frame, frame.rectX(i), frame.rectY(i), frame.rectWidth(i), frame.rectHeight(i));
        }
        return converted;
    }

    /**
     * Converts the 2×2 blocks covering the rectangle, a pair of rows at a time: the rows are copied into int arrays
     * and each step is a simple loop over arrays of one type, which the JIT vectorizes (a single loop that reads
     * ints and stores bytes it does not: measured 1.5 to 2 times slower per frame).
     */
    private long convertRect(FittedFrame frame, int x, int y, int w, int h) {
        int x0 = x & ~1;
        int y0 = y & ~1;
        int x1 = Math.min(width, (x + w + 1) & ~1);
        int y1 = Math.min(height, (y + h + 1) & ~1);
        int n = x1 - x0;
        if (n <= 0 || y1 <= y0) {
            return 0;
        }
        int half = n / 2;
        MemorySegment src = frame.pixels();
        long stride = frame.stride();
        int lastRow = sourceHeight - 1;
        for (int by = y0; by < y1; by += 2) {
            loadRow(src, by * stride, x0, n, top);
            loadRow(src, Math.min(by + 1, lastRow) * stride, x0, n, bottom);
            luma(top, n);
            MemorySegment.copy(bytes, 0, planes, ValueLayout.JAVA_BYTE, (long) by * width + x0, n);
            luma(bottom, n);
            MemorySegment.copy(bytes, 0, planes, ValueLayout.JAVA_BYTE, (long) (by + 1) * width + x0, n);
            loadPairs(src, by * stride, x0, half, top, topPairs);
            loadPairs(src, Math.min(by + 1, lastRow) * stride, x0, half, bottom, bottomPairs);
            chroma(half);
            long c = (long) (by / 2) * chromaWidth + x0 / 2;
            MemorySegment.copy(cbBytes, 0, planes, ValueLayout.JAVA_BYTE, chromaOffset + c, half);
            MemorySegment.copy(crBytes, 0, planes, ValueLayout.JAVA_BYTE, crOffset + c, half);
        }
        return (long) n * (y1 - y0);
    }

    /** {@code n} pixels of a row from column {@code x0}; past the source's last column, that column again. */
    private void loadRow(MemorySegment src, long rowOffset, int x0, int n, int[] into) {
        int available = Math.min(n, sourceWidth - x0);
        MemorySegment.copy(src, PIXEL, rowOffset + x0 * 4L, into, 0, available);
        for (int i = available; i < n; i++) {
            into[i] = into[available - 1];
        }
    }

    /**
     * The row's pixels two by two as longs (pixel x in one half, x + 1 in the other), read straight from the frame;
     * a last pair that reaches past the source's last column is made from {@code row}, where that column repeats.
     */
    private void loadPairs(MemorySegment src, long rowOffset, int x0, int half, int[] row, long[] into) {
        int whole = Math.min(half, (sourceWidth - x0) / 2);
        MemorySegment.copy(src, PAIR, rowOffset + x0 * 4L, into, 0, whole);
        for (int i = whole; i < half; i++) {
            into[i] = (row[2 * i] & 0xFFFFFFFFL) | ((long) row[2 * i + 1] << 32);
        }
    }

    /** Luma of {@code row[0..n)} into {@link #bytes}. */
    private void luma(int[] row, int n) {
        int[] out = ints;
        for (int i = 0; i < n; i++) {
            int p = row[i];
            out[i] = (YR * ((p >> 16) & 0xFF) + YG * ((p >> 8) & 0xFF) + YB * (p & 0xFF) + Y_OFFSET) >> SHIFT;
        }
        narrow(out, bytes, n);
    }

    /**
     * Cb and Cr of the {@code half} 2×2 blocks in {@link #topPairs} and {@link #bottomPairs}, from each block's
     * mean colour. Each step is an element-wise loop (no strided reads), so the JIT vectorizes them all.
     */
    private void chroma(int half) {
        long[] a = topPairs;
        long[] b = bottomPairs;
        int[] rb = sumRb;
        int[] g = sumG;
        for (int i = 0; i < half; i++) {
            // Red and blue of both pixels of both rows in 16-bit lanes, green in its own: four 8-bit values fit in
            // 10 bits, so the lanes never carry into each other; then the two pixels' halves are added.
            long redBlue = (a[i] & RB_LANES) + (b[i] & RB_LANES);
            long green = (a[i] & G_LANES) + (b[i] & G_LANES);
            rb[i] = (int) redBlue + (int) (redBlue >>> 32);
            g[i] = (int) green + (int) (green >>> 32);
        }
        int[] cb = ints;
        int[] cr = ints2;
        for (int i = 0; i < half; i++) {
            int r = (((rb[i] >> 16) & 0x3FF) + 2) >> 2;
            int bl = ((rb[i] & 0x3FF) + 2) >> 2;
            int gr = ((g[i] >> 8) + 2) >> 2;
            cb[i] = (UR * r + UG * gr + UB * bl + C_OFFSET) >> SHIFT;
            cr[i] = (VR * r + VG * gr + VB * bl + C_OFFSET) >> SHIFT;
        }
        narrow(cb, cbBytes, half);
        narrow(cr, crBytes, half);
    }

    private static void narrow(int[] in, byte[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = (byte) in[i];
        }
    }

    private static int coefficient(double c) {
        return (int) Math.round(c * (1 << SHIFT));
    }

    @Override
    public void close() {
        arena.close();
    }
}
