package dev.deskdup.internal.dxgi;

import dev.deskdup.spi.SlotDebt;
import dev.deskdup.spi.SlotWriter;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Draws the pointer into a slot ({@code CursorMode.COMPOSITED}) after the copy-out, touching only its rectangle:
 * DXGI never draws the pointer into the desktop image (it is a hardware overlay), so without this a screenshot
 * would have none. Colour shapes are blended (premultiplied over), monochrome and masked-colour ones are applied
 * exactly with their AND and XOR masks (so an inverting I-beam inverts).
 *
 * <p>Undo: the rectangle is added to the slot's debt, so the next fill of that slot copies those pixels from the
 * (pointer-free) staging texture again before the pointer is drawn at its new place. Dirty rectangles: where the
 * pointer is now and where it was in the previous frame, when it moved or changed.
 */
final class DxgiCursorCompositor {

    private int lastX;
    private int lastY;
    private int lastW;
    private int lastH;

    /**
     * Draws {@code pointer} (its shape's top-left at {@code left, top} in frame coordinates) into {@code slot}.
     *
     * @return the bytes written into the slot
     */
    long composite(DxgiPointer pointer, boolean shapeChanged, SlotWriter slot, SlotDebt debt, int left, int top,
                   boolean fullyDirty) {
        DxgiCursorShape shape = pointer.shape;
        int width = slot.width();
        int height = slot.height();
        int cw = shape == null ? 0 : shape.width;
        int ch = shape == null ? 0 : shape.height;
        int x0 = Math.max(0, left);
        int y0 = Math.max(0, top);
        int x1 = Math.min(width, left + cw);
        int y1 = Math.min(height, top + ch);
        int w = pointer.visible && x1 > x0 && y1 > y0 ? x1 - x0 : 0;
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
        MemorySegment dst = slot.memory();
        int stride = slot.stride();
        for (int y = y0; y < y1; y++) {
            int srcRow = (y - top) * cw + (x0 - left);
            long dstRow = (long) y * stride + 4L * x0;
            for (int x = 0; x < w; x++) {
                long at = dstRow + 4L * x;
                int d = dst.get(JAVA_INT, at);
                int i = srcRow + x;
                int out;
                if (shape.and != null) {
                    out = (d & shape.and[i]) ^ shape.xor[i];
                } else {
                    int s = shape.argb.get(JAVA_INT, 4L * i);
                    int a = s >>> 24;
                    if (a == 0) {
                        continue;
                    }
                    out = a == 255 ? (s & 0xFFFFFF) | (d & 0xFF000000) : over(s, d, a);
                }
                dst.set(JAVA_INT, at, out);
            }
        }
        debt.owe(x0, y0, w, h);
        return 4L * w * h;
    }

    /** Forgets where the pointer was drawn (after a resync every slot is copied whole anyway). */
    void reset() {
        lastX = 0;
        lastY = 0;
        lastW = 0;
        lastH = 0;
    }

    /** Premultiplied source over the destination, per channel: {@code s + d * (255 - a) / 255}; alpha kept. */
    private static int over(int s, int d, int a) {
        int inv = 255 - a;
        int b = (s & 0xFF) + ((d & 0xFF) * inv + 127) / 255;
        int g = ((s >>> 8) & 0xFF) + (((d >>> 8) & 0xFF) * inv + 127) / 255;
        int r = ((s >>> 16) & 0xFF) + (((d >>> 16) & 0xFF) * inv + 127) / 255;
        return (d & 0xFF000000) | (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | Math.min(255, b);
    }
}
