package dev.deskdup.cli.serve;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * Looks at a rectangle of BGRA pixels, in place, to choose its encoding: is it one colour, and how much of it is runs
 * of equal pixels (UI, text: lossless compresses well and JPEG would blur it) versus pixels that all differ from their
 * neighbour (photographs, video, gradients: JPEG is several times smaller). Guacamole chooses the same way, by
 * "PNG-friendliness". Reads at most {@link #SAMPLE_ROWS} rows for the run measure, so it costs little on big areas.
 */
final class ContentProbe {

    static final int SAMPLE_ROWS = 16;
    private static final int RGB_MASK = 0x00FFFFFF;

    private ContentProbe() {
    }

    /** The rectangle's colour (BGRA as a little-endian int, alpha forced to 255) if every pixel has it, else -1L. */
    static long solidColour(MemorySegment pixels, long offset, int width, int height, int pitch) {
        int first = pixels.get(JAVA_INT_UNALIGNED, offset) & RGB_MASK;
        for (int row = 0; row < height; row++) {
            long base = offset + (long) row * pitch;
            for (int col = 0; col < width; col++) {
                if ((pixels.get(JAVA_INT_UNALIGNED, base + 4L * col) & RGB_MASK) != first) {
                    return -1L;
                }
            }
        }
        return (first | 0xFF000000) & 0xFFFFFFFFL;
    }

    /** Fraction (0..1) of sampled pixels equal to their left neighbour, over up to {@link #SAMPLE_ROWS} rows. */
    static double runFraction(MemorySegment pixels, long offset, int width, int height, int pitch) {
        if (width < 2) {
            return 1.0;
        }
        int rows = Math.min(SAMPLE_ROWS, height);
        long equal = 0;
        long total = 0;
        for (int r = 0; r < rows; r++) {
            int row = (int) ((long) r * height / rows);
            long base = offset + (long) row * pitch;
            int previous = pixels.get(JAVA_INT_UNALIGNED, base) & RGB_MASK;
            for (int col = 1; col < width; col++) {
                int p = pixels.get(JAVA_INT_UNALIGNED, base + 4L * col) & RGB_MASK;
                if (p == previous) {
                    equal++;
                }
                previous = p;
            }
            total += width - 1;
        }
        return (double) equal / total;
    }
}
