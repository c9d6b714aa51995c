package dev.deskdup.cli;

import dev.deskdup.CaptureException;
import dev.deskdup.Frame;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Keeps a video's frame size constant when the captured area changes size, as a {@link ResizePolicy} says.
 *
 * <p>A frame of the video's size passes through untouched: its own pixels, its own dirty rectangles, no copy. A
 * frame of another size is drawn into a buffer of the video's size, allocated once up front: nearest-neighbour
 * through per-column and per-row source tables (refilled when the source size changes, never reallocated), with
 * whole-row copies where the scale is 1:1 horizontally, and only the changed parts redrawn for the frames after
 * the first one of a size. Nothing is allocated per frame.
 */
final class FrameFitter implements AutoCloseable {

    private static final ValueLayout.OfInt PIXEL = ValueLayout.JAVA_INT_UNALIGNED;

    private final ResizePolicy policy;
    private final int width;
    private final int height;
    private final FittedFrame out;
    private final int[] rects = new int[4 * FittedFrame.MAX_RECTS];
    private Arena arena;
    private MemorySegment buffer;
    /** One row of black, to clear rows with (a slice per row would allocate). */
    private MemorySegment blackRow;
    /** Source column (times 4, a byte offset) of each output column; -1 where the output is black. */
    private final int[] sourceColumnBytes;
    /** Source row of each output row; -1 where the output is black. */
    private final int[] sourceRow;
    /** The source size the tables and the buffer were made for; 0 before any fitted frame. */
    private int sourceWidth;
    private int sourceHeight;
    /** The content's place in the output, as the policy puts it. */
    private int contentX;
    private int contentY;
    private int contentWidth;
    private int contentHeight;
    /** Whether the content is 1:1 horizontally, so rows can be copied whole. */
    private boolean unscaledColumns;
    private long lastSequence = -1;

    /**
     * @param width  the video's width: the first frame's
     * @param height the video's height
     */
    FrameFitter(ResizePolicy policy, int width, int height) {
        this.policy = policy;
        this.width = width;
        this.height = height;
        this.out = new FittedFrame(width, height);
        this.sourceColumnBytes = new int[width];
        this.sourceRow = new int[height];
        if (policy != ResizePolicy.STOP) {
            arena = Arena.ofConfined();
            buffer = arena.allocate((long) width * height * 4, 64);
            blackRow = arena.allocate((long) width * 4, 64);   // zeroed
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /**
     * The frame as the video shows it. Call once per frame handed out; calling again with the frame just fitted
     * (a repeat of a held frame) yields no changed rectangles.
     *
     * @throws CaptureException under {@link ResizePolicy#STOP} when the frame's size is not the video's
     */
    FittedFrame fit(Frame frame) {
        int fw = frame.width();
        int fh = frame.height();
        boolean repeat = frame.sequence() == lastSequence;
        lastSequence = frame.sequence();
        out.clearRects();
        if (fw == width && fh == height) {
            out.pixels(frame.pixels(), frame.stride());
            if (!repeat) {
                int n = frame.dirtyRectCount();
                if (n > FittedFrame.MAX_RECTS) {
                    out.allChanged();
                } else {
                    frame.copyDirtyRects(rects);
                    for (int i = 0; i < n; i++) {
                        out.addRect(rects[4 * i], rects[4 * i + 1], rects[4 * i + 2], rects[4 * i + 3]);
                    }
                }
            }
            sourceWidth = 0;   // the buffer, if used again, starts afresh
            return out;
        }
        if (policy == ResizePolicy.STOP) {
            throw new CaptureException("the captured area changed size from " + width + "x" + height + " to " + fw
                    + "x" + fh + " (--on-resize stop ends the stream then; scale, pad or crop keep it going at "
                    + width + "x" + height + ")");
        }
        out.pixels(buffer, width * 4);
        if (fw != sourceWidth || fh != sourceHeight) {
            layOut(fw, fh);
            draw(frame, 0, 0, width, height);
            out.allChanged();
        } else if (!repeat) {
            int n = frame.dirtyRectCount();
            if (n > FittedFrame.MAX_RECTS) {
                draw(frame, 0, 0, width, height);
                out.allChanged();
            } else {
                frame.copyDirtyRects(rects);
                for (int i = 0; i < n; i++) {
                    drawSourceRect(frame, rects[4 * i], rects[4 * i + 1], rects[4 * i + 2], rects[4 * i + 3]);
                }
            }
        }
        return out;
    }

    /** Places a {@code fw × fh} source in the output as the policy says and fills the tables. */
    private void layOut(int fw, int fh) {
        sourceWidth = fw;
        sourceHeight = fh;
        int shownWidth = fw;    // how much of the source is shown
        int shownHeight = fh;
        switch (policy) {
            case SCALE -> {
                contentX = 0;
                contentY = 0;
                contentWidth = width;
                contentHeight = height;
            }
            case PAD -> {
                // The largest size of the source's aspect ratio within the output, centred.
                if ((long) fw * height <= (long) fh * width) {
                    contentHeight = height;
                    contentWidth = (int) Math.max(1, Math.min(width, Math.round((double) fw * height / fh)));
                } else {
                    contentWidth = width;
                    contentHeight = (int) Math.max(1, Math.min(height, Math.round((double) fh * width / fw)));
                }
                contentX = (width - contentWidth) / 2;
                contentY = (height - contentHeight) / 2;
            }
            case CROP -> {
                contentX = 0;
                contentY = 0;
                contentWidth = Math.min(width, fw);
                contentHeight = Math.min(height, fh);
                shownWidth = contentWidth;
                shownHeight = contentHeight;
            }
            case STOP -> throw new AssertionError("STOP never lays out");
        }
        for (int x = 0; x < width; x++) {
            int cx = x - contentX;
            // Sample at the centre of each output pixel: (cx + 0.5) * shown / content, in integers.
            sourceColumnBytes[x] = cx < 0 || cx >= contentWidth ? -1
                    : (int) (((2L * cx + 1) * shownWidth) / (2L * contentWidth)) * 4;
        }
        for (int y = 0; y < height; y++) {
            int cy = y - contentY;
            sourceRow[y] = cy < 0 || cy >= contentHeight ? -1
                    : (int) (((2L * cy + 1) * shownHeight) / (2L * contentHeight));
        }
        unscaledColumns = shownWidth == contentWidth;
    }

    /** Redraws the output pixels that a changed source rectangle maps to (a little more at the edges). */
    private void drawSourceRect(Frame frame, int sx, int sy, int sw, int sh) {
        int x0;
        int x1;
        int y0;
        int y1;
        if (policy == ResizePolicy.CROP) {
            x0 = sx;
            x1 = sx + sw;
            y0 = sy;
            y1 = sy + sh;
        } else {
            x0 = contentX + (int) ((long) sx * contentWidth / sourceWidth) - 1;
            x1 = contentX + (int) (((long) (sx + sw) * contentWidth + sourceWidth - 1) / sourceWidth) + 1;
            y0 = contentY + (int) ((long) sy * contentHeight / sourceHeight) - 1;
            y1 = contentY + (int) (((long) (sy + sh) * contentHeight + sourceHeight - 1) / sourceHeight) + 1;
        }
        x0 = Math.max(x0, contentX);
        y0 = Math.max(y0, contentY);
        x1 = Math.min(x1, contentX + contentWidth);
        y1 = Math.min(y1, contentY + contentHeight);
        if (x1 > x0 && y1 > y0) {
            draw(frame, x0, y0, x1 - x0, y1 - y0);
            out.addRect(x0, y0, x1 - x0, y1 - y0);
        }
    }

    /** Draws the output rectangle from the frame's current pixels (black outside the content). */
    private void draw(Frame frame, int x, int y, int w, int h) {
        MemorySegment src = frame.pixels();
        long srcStride = frame.stride();
        long dstStride = (long) width * 4;
        for (int row = y; row < y + h; row++) {
            long dstRow = row * dstStride;
            int sr = sourceRow[row];
            if (sr < 0) {
                MemorySegment.copy(blackRow, 0, buffer, dstRow + x * 4L, w * 4L);
                continue;
            }
            long srcRow = sr * srcStride;
            int col = x;
            int end = x + w;
            while (col < end && sourceColumnBytes[col] < 0) {
                buffer.set(PIXEL, dstRow + col * 4L, 0);
                col++;
            }
            int last = end;
            while (last > col && sourceColumnBytes[last - 1] < 0) {
                last--;
                buffer.set(PIXEL, dstRow + last * 4L, 0);
            }
            if (unscaledColumns && last > col) {
                MemorySegment.copy(src, srcRow + sourceColumnBytes[col], buffer, dstRow + col * 4L,
                        (long) (last - col) * 4);
            } else {
                for (; col < last; col++) {
                    buffer.set(PIXEL, dstRow + col * 4L, src.get(PIXEL, srcRow + sourceColumnBytes[col]));
                }
            }
        }
    }

    @Override
    public void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
    }
}
