package dev.deskdup.internal.share;

import dev.deskdup.Frame;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The checksummed test pattern of CaptureOptions.syntheticChecksum: the synthetic pattern, except that pixel (0, 0) holds the frame number's low 32 bits
 * and pixel (1, 0) the sum (mod 2^32, as little-endian u32) of every other pixel. A frame mixing bytes of two
 * frames fails the sum; a header that disagrees with its bytes fails the number.
 */
final class Checksums {

    static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Checksums() {
    }

    static int pattern(long n, int x, int y) {
        return dev.deskdup.SyntheticPattern.pixel(n, x, y);
    }

    static void render(MemorySegment slot, int stride, int width, int height, long n) {
        int sum = (int) n;
        for (int y = 0; y < height; y++) {
            long row = (long) y * stride;
            for (int x = 0; x < width; x++) {
                if (y == 0 && x < 2) {
                    continue;
                }
                int p = pattern(n, x, y);
                slot.set(PIXEL, row + 4L * x, p);
                sum += p;
            }
        }
        slot.set(PIXEL, 0, (int) n);
        slot.set(PIXEL, 4, sum);
    }

    /** Whether the frame's bytes are frame {@code frame.sequence()}'s, whole. */
    static boolean intact(Frame frame) {
        MemorySegment px = frame.pixels();
        int stride = frame.stride();
        int sum = 0;
        for (int y = 0; y < frame.height(); y++) {
            long row = (long) y * stride;
            for (int x = 0; x < frame.width(); x++) {
                if (y == 0 && x == 1) {
                    continue;
                }
                sum += px.get(PIXEL, row + 4L * x);
            }
        }
        return px.get(PIXEL, 4) == sum && px.get(PIXEL, 0) == (int) frame.sequence();
    }
}
