package dev.deskdup.source.synthetic;

import dev.deskdup.CaptureOptions;
import dev.deskdup.frame.FrameSlot;
import dev.deskdup.source.Source;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A deterministic test pattern: frame {@code n}'s pixel at {@code (x, y)} is {@link #pixel(long, int, int)}, a
 * pure function, so tests can check every byte. Written into the same slots through the same path as a real source.
 * The pace is set with {@code maxFps} like any source; unpaced, every fill produces the next frame at once.
 */
public final class SyntheticSource implements Source {

    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED
            .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final Arena arena = Arena.ofShared();
    private final int width;
    private final int height;
    private final int originX;
    private final int originY;
    private final boolean checksum;
    private long frameNumber;
    private volatile boolean closed;

    public SyntheticSource(CaptureOptions options) {
        int w = options.syntheticWidth();
        int h = options.syntheticHeight();
        int x = 0;
        int y = 0;
        if (options.region() != null) {
            options.region().checkWithin(w, h);
            x = options.region().x();
            y = options.region().y();
            w = options.region().width();
            h = options.region().height();
        }
        this.width = w;
        this.height = h;
        this.originX = x;
        this.originY = y;
        this.checksum = options.syntheticChecksum();
        if (checksum && (long) w * h < 2) {
            throw new IllegalArgumentException("syntheticChecksum needs at least 2 pixels, the area is " + w + "x" + h);
        }
    }

    /**
     * The pattern: {@code 0xAARRGGBB} of frame {@code n} at screen coordinates {@code (x, y)}.
     * Blue runs along x, green along y, red with the frame number, alpha opaque.
     */
    public static int pixel(long n, int x, int y) {
        int b = (x + (int) n) & 0xFF;
        int g = (y + 3 * (int) n) & 0xFF;
        int r = ((x ^ y) + 7 * (int) n) & 0xFF;
        return 0xFF000000 | r << 16 | g << 8 | b;
    }

    @Override
    public String name() {
        return CaptureOptions.SOURCE_SYNTHETIC;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public void attach(FrameSlot slot) {
        int stride = width * 4;
        slot.bind(arena.allocate((long) stride * height, 64), width, height, stride);
    }

    @Override
    public boolean fill(FrameSlot slot, long timeoutNanos) {
        long n = ++frameNumber;
        MemorySegment m = slot.memory();
        long offset = 0;
        int sum = 0;
        for (int y = originY; y < originY + height; y++) {
            for (int x = originX; x < originX + width; x++) {
                int p = pixel(n, x, y);
                m.set(PIXEL, offset, p);
                sum += p;
                offset += 4;
            }
        }
        if (checksum) {
            // First pixel: the frame number; second: the sum of all the others (see CaptureOptions.syntheticChecksum).
            int first = m.get(PIXEL, 0);
            int second = m.get(PIXEL, 4);
            m.set(PIXEL, 0, (int) n);
            m.set(PIXEL, 4, sum - first - second + (int) n);
        }
        slot.setFullyDirty();
        slot.bytesWritten(offset);
        slot.timestampNanos(System.nanoTime());
        return true;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
