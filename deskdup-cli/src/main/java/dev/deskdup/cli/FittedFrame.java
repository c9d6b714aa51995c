package dev.deskdup.cli;

import java.lang.foreign.MemorySegment;

/**
 * One frame of a constant-size video as {@link FrameFitter} hands it on: BGRA pixels (the captured frame's own, or
 * the fitter's buffer after a resize) and the rectangles that changed since the previous one, in the video's
 * coordinates. One instance is reused for every frame: nothing is allocated per frame.
 */
final class FittedFrame {

    /** More rectangles than a frame carries: beyond this, one rectangle covers the whole frame. */
    static final int MAX_RECTS = 64;

    private final int width;
    private final int height;
    private final int[] rects = new int[4 * MAX_RECTS];
    private MemorySegment pixels = MemorySegment.NULL;
    private int stride;
    private int rectCount;

    FittedFrame(int width, int height) {
        this.width = width;
        this.height = height;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The pixels: {@link #height()} rows of {@link #stride()} bytes, {@code width * 4} of them used. */
    MemorySegment pixels() {
        return pixels;
    }

    int stride() {
        return stride;
    }

    /** Rectangles that changed since the previous frame; 0 for a repeat. */
    int rectCount() {
        return rectCount;
    }

    int rectX(int i) {
        return rects[4 * i];
    }

    int rectY(int i) {
        return rects[4 * i + 1];
    }

    int rectWidth(int i) {
        return rects[4 * i + 2];
    }

    int rectHeight(int i) {
        return rects[4 * i + 3];
    }

    void pixels(MemorySegment pixels, int stride) {
        this.pixels = pixels;
        this.stride = stride;
    }

    void clearRects() {
        rectCount = 0;
    }

    /** Adds a changed rectangle, clipped to the frame; past {@link #MAX_RECTS}, the whole frame is changed. */
    void addRect(int x, int y, int w, int h) {
        int x0 = Math.max(0, x);
        int y0 = Math.max(0, y);
        int x1 = Math.min(width, x + w);
        int y1 = Math.min(height, y + h);
        if (x1 <= x0 || y1 <= y0) {
            return;
        }
        if (rectCount == MAX_RECTS) {
            rectCount = 0;
            x0 = 0;
            y0 = 0;
            x1 = width;
            y1 = height;
        }
        int at = 4 * rectCount++;
        rects[at] = x0;
        rects[at + 1] = y0;
        rects[at + 2] = x1 - x0;
        rects[at + 3] = y1 - y0;
    }

    /** Marks the whole frame changed. */
    void allChanged() {
        rectCount = 0;
        addRect(0, 0, width, height);
    }
}
