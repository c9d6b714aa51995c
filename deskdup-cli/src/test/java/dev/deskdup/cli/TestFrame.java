package dev.deskdup.cli;

import dev.deskdup.Frame;
import dev.deskdup.PixelFormat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A frame over memory the test owns, with the dirty rectangles the test sets: for sinks' unit tests. */
final class TestFrame implements Frame {

    private final int width;
    private final int height;
    private final int stride;
    private final MemorySegment pixels;
    private final int[] rects = new int[4 * 64];
    private int rectCount;
    private long sequence;

    TestFrame(Arena arena, int width, int height, int stride) {
        this.width = width;
        this.height = height;
        this.stride = stride;
        this.pixels = arena.allocate((long) stride * height, 64);
    }

    /** Sets pixel (x, y) to {@code 0xRRGGBB}. */
    TestFrame set(int x, int y, int rgb) {
        pixels.set(ValueLayout.JAVA_INT_UNALIGNED, (long) y * stride + x * 4L, rgb);
        return this;
    }

    /** Fills a rectangle. */
    TestFrame fill(int x, int y, int w, int h, int rgb) {
        for (int row = y; row < y + h; row++) {
            for (int col = x; col < x + w; col++) {
                set(col, row, rgb);
            }
        }
        return this;
    }

    /** The next frame: a new sequence number and these changed rectangles (x, y, w, h quadruples). */
    TestFrame next(int... xywh) {
        sequence++;
        rectCount = xywh.length / 4;
        System.arraycopy(xywh, 0, rects, 0, xywh.length);
        return this;
    }

    /** The next frame, wholly changed. */
    TestFrame nextFull() {
        return next(0, 0, width, height);
    }

    @Override public long sequence() { return sequence; }
    @Override public long timestampNanos() { return 0; }
    @Override public int width() { return width; }
    @Override public int height() { return height; }
    @Override public int stride() { return stride; }
    @Override public PixelFormat format() { return PixelFormat.BGRA; }
    @Override public MemorySegment pixels() { return pixels; }
    @Override public int dirtyRectCount() { return rectCount; }
    @Override public int dirtyRectX(int i) { return rects[4 * i]; }
    @Override public int dirtyRectY(int i) { return rects[4 * i + 1]; }
    @Override public int dirtyRectWidth(int i) { return rects[4 * i + 2]; }
    @Override public int dirtyRectHeight(int i) { return rects[4 * i + 3]; }
    @Override public boolean sizeChanged() { return false; }
    @Override public boolean isRepeat() { return rectCount == 0; }
    @Override public long serverTimeMillis() { return 0; }
    @Override public boolean cursorVisible() { return false; }
    @Override public int cursorX() { return 0; }
    @Override public int cursorY() { return 0; }
    @Override public boolean cursorShapeChanged() { return false; }
    @Override public int cursorWidth() { return 0; }
    @Override public int cursorHeight() { return 0; }
    @Override public int cursorHotspotX() { return 0; }
    @Override public int cursorHotspotY() { return 0; }
    @Override public MemorySegment cursorPixels() { return MemorySegment.NULL; }
    @Override public boolean isValid() { return true; }
    @Override public void release() { }
    @Override public void close() { }
}
