package dev.deskdup.internal.x11;

import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Blends the cursor into a slot ({@code CursorMode.COMPOSITED}), touching only the cursor's rectangle.
 *
 * <p>Undo: the rectangle is added to what the slot is behind on, so the next fill of that slot fetches those pixels
 * from the server again (cursor-free) before the cursor is drawn at its new place. Dirty rectangles: where the
 * cursor is now and where it was in the previous frame, when it moved or changed shape.
 */
final class CursorCompositor {

    private int lastX;
    private int lastY;
    private int lastW;
    private int lastH;

    /** Returns the bytes written into the slot. */
    long composite(CursorTracker cursor, boolean shapeChanged, SlotWriter slot, SlotDebt debt, int areaX, int areaY,
                   int width, int height, boolean fullyDirty) {
        int cw = cursor.width();
        int ch = cursor.height();
        int left = cursor.imageLeft() - areaX;
        int top = cursor.imageTop() - areaY;
        int x0 = Math.max(0, left), y0 = Math.max(0, top);
        int x1 = Math.min(width, left + cw), y1 = Math.min(height, top + ch);
        int w = cursor.onScreen() && x1 > x0 && y1 > y0 ? x1 - x0 : 0;
        int h = w > 0 ? y1 - y0 : 0;
        boolean changed = x0 != lastX || y0 != lastY || w != lastW || h != lastH || shapeChanged;
        if (changed && !fullyDirty) {
            slot.dirty().add(lastX, lastY, lastW, lastH);
            slot.dirty().add(x0, y0, w, h);
        }
        lastX = x0;
        lastY = y0;
        lastW = w;
        lastH = h;
        if (w == 0) {
            return 0;
        }
        MemorySegment argb = cursor.pixels();
        MemorySegment dst = slot.memory();
        int stride = width * 4;
        for (int y = y0; y < y1; y++) {
            long srcRow = 4L * ((long) (y - top) * cw + (x0 - left));
            long dstRow = (long) y * stride + 4L * x0;
            for (int x = 0; x < w; x++) {
                int s = argb.get(JAVA_INT, srcRow + 4L * x);
                int a = s >>> 24;
                if (a == 0) {
                    continue;
                }
                long at = dstRow + 4L * x;
                int d = dst.get(JAVA_INT, at);
                dst.set(JAVA_INT, at, a == 255 ? (s & 0xFFFFFF) | (d & 0xFF000000) : over(s, d, a));
            }
        }
        debt.owe(x0, y0, w, h);
        return 4L * w * h;
    }

    /** Premultiplied source over an opaque destination, per channel: {@code s + d * (255 - a) / 255}. */
    private static int over(int s, int d, int a) {
        int inv = 255 - a;
        int b = (s & 0xFF) + ((d & 0xFF) * inv + 127) / 255;
        int g = ((s >>> 8) & 0xFF) + (((d >>> 8) & 0xFF) * inv + 127) / 255;
        int r = ((s >>> 16) & 0xFF) + (((d >>> 16) & 0xFF) * inv + 127) / 255;
        return (d & 0xFF000000) | (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
    }
}
