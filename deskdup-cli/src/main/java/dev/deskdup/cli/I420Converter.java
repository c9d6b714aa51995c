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

    /** Converts the 2×2 blocks covering the rectangle. */
    private long convertRect(FittedFrame frame, int x, int y, int w, int h) {
        int x0 = x & ~1;
        int y0 = y & ~1;
        int x1 = Math.min(width, (x + w + 1) & ~1);
        int y1 = Math.min(height, (y + h + 1) & ~1);
        MemorySegment src = frame.pixels();
        long stride = frame.stride();
        int lastColumn = sourceWidth - 1;
        int lastRow = sourceHeight - 1;
        for (int by = y0; by < y1; by += 2) {
            long row0 = by * stride;
            long row1 = Math.min(by + 1, lastRow) * stride;
            long y0Out = (long) by * width;
            long y1Out = y0Out + width;
            long cOut = (long) (by / 2) * chromaWidth;
            for (int bx = x0; bx < x1; bx += 2) {
                long c0 = bx * 4L;
                long c1 = Math.min(bx + 1, lastColumn) * 4L;
                int p00 = src.get(PIXEL, row0 + c0);
                int p01 = src.get(PIXEL, row0 + c1);
                int p10 = src.get(PIXEL, row1 + c0);
                int p11 = src.get(PIXEL, row1 + c1);
                planes.set(ValueLayout.JAVA_BYTE, y0Out + bx, luma(p00));
                planes.set(ValueLayout.JAVA_BYTE, y0Out + bx + 1, luma(p01));
                planes.set(ValueLayout.JAVA_BYTE, y1Out + bx, luma(p10));
                planes.set(ValueLayout.JAVA_BYTE, y1Out + bx + 1, luma(p11));
                int r = (((p00 >> 16) & 0xFF) + ((p01 >> 16) & 0xFF) + ((p10 >> 16) & 0xFF) + ((p11 >> 16) & 0xFF)
                        + 2) >> 2;
                int g = (((p00 >> 8) & 0xFF) + ((p01 >> 8) & 0xFF) + ((p10 >> 8) & 0xFF) + ((p11 >> 8) & 0xFF) + 2)
                        >> 2;
                int b = ((p00 & 0xFF) + (p01 & 0xFF) + (p10 & 0xFF) + (p11 & 0xFF) + 2) >> 2;
                long c = cOut + bx / 2;
                planes.set(ValueLayout.JAVA_BYTE, chromaOffset + c, (byte) ((UR * r + UG * g + UB * b + C_OFFSET) >> SHIFT));
                planes.set(ValueLayout.JAVA_BYTE, crOffset + c, (byte) ((VR * r + VG * g + VB * b + C_OFFSET) >> SHIFT));
            }
        }
        return (long) (x1 - x0) * (y1 - y0);
    }

    private static byte luma(int p) {
        return (byte) ((YR * ((p >> 16) & 0xFF) + YG * ((p >> 8) & 0xFF) + YB * (p & 0xFF) + Y_OFFSET) >> SHIFT);
    }

    private static int coefficient(double c) {
        return (int) Math.round(c * (1 << SHIFT));
    }

    @Override
    public void close() {
        arena.close();
    }
}
