package dev.deskdup.internal.dxgi;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The CPU copy of a fill: rectangles of the delivered frame from the mapped staging texture into the slot's own
 * memory, turned upright for rotated outputs and converted to BGRA for other formats. Upright BGRA rows are bulk
 * copies; the rest goes pixel by pixel in 64x64 tiles so that the strided side of a quarter turn stays in cache.
 * Allocation-free.
 */
final class DxgiCopyOut {

    private static final int TILE = 64;

    private DxgiCopyOut() {
    }

    /**
     * Copies the frame rectangle {@code (x, y, w, h)} (clipped to the {@code fw × fh} frame).
     *
     * @param src      the mapped staging box, rows {@code pitch} bytes apart
     * @param dst      the slot's memory, rows {@code stride} bytes apart
     * @return the bytes written into the slot
     */
    static long copy(MemorySegment src, int pitch, int format, int rotation, int fw, int fh, MemorySegment dst,
                     int stride, int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(fw, x + w);
        int y1 = Math.min(fh, y + h);
        if (x1 <= x0 || y1 <= y0) {
            return 0;
        }
        boolean upright = DxgiRotation.degrees(rotation) == 0;
        if (upright && DxgiPixelFormat.isBgra(format)) {
            for (int row = y0; row < y1; row++) {
                MemorySegment.copy(src, (long) row * pitch + 4L * x0, dst, (long) row * stride + 4L * x0,
                        4L * (x1 - x0));
            }
        } else {
            for (int ty = y0; ty < y1; ty += TILE) {
                int tyEnd = Math.min(y1, ty + TILE);
                for (int tx = x0; tx < x1; tx += TILE) {
                    tile(src, pitch, format, rotation, fw, fh, dst, stride, tx, ty, Math.min(x1, tx + TILE), tyEnd);
                }
            }
        }
        return 4L * (x1 - x0) * (y1 - y0);
    }

    /**
     * One tile: per frame row the source pixel moves by a fixed step (quarter turns walk a staging column, 180°
     * walks a row backwards), so the inner loop is an offset and an add.
     */
    private static void tile(MemorySegment src, int pitch, int format, int rotation, int fw, int fh,
                             MemorySegment dst, int stride, int x0, int y0, int x1, int y1) {
        boolean bgra = DxgiPixelFormat.isBgra(format);
        long step = switch (rotation) {
            case DxgiRotation.DXGI_MODE_ROTATION_ROTATE90 -> -pitch;
            case DxgiRotation.DXGI_MODE_ROTATION_ROTATE180 -> -4;
            case DxgiRotation.DXGI_MODE_ROTATION_ROTATE270 -> pitch;
            default -> 4;
        };
        int n = x1 - x0;
        for (int fy = y0; fy < y1; fy++) {
            long from = (long) DxgiRotation.stagingY(rotation, x0, fy, fw, fh) * pitch
                    + 4L * DxgiRotation.stagingX(rotation, x0, fy, fw, fh);
            long to = (long) fy * stride + 4L * x0;
            if (bgra) {
                for (int i = 0; i < n; i++) {
                    dst.set(JAVA_INT, to + 4L * i, src.get(JAVA_INT, from + step * i));
                }
            } else if (format == DxgiPixelFormat.DXGI_FORMAT_R10G10B10A2_UNORM) {
                for (int i = 0; i < n; i++) {
                    dst.set(JAVA_INT, to + 4L * i, DxgiPixelFormat.tenBitToBgra(src.get(JAVA_INT, from + step * i)));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    dst.set(JAVA_INT, to + 4L * i, DxgiPixelFormat.swapRedBlue(src.get(JAVA_INT, from + step * i)));
                }
            }
        }
    }
}
