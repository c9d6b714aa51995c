package dev.deskdup.internal.dxgi;

import dev.deskdup.spi.CursorOverlay;
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
 * <p>Placement, dirty rectangles and undo (the slot's debt, refilled from the pointer-free staging texture) are
 * {@link CursorOverlay}'s, as for every source that draws the pointer itself.
 */
final class DxgiCursorCompositor {

    private final CursorOverlay overlay = new CursorOverlay();

    /**
     * Draws {@code pointer} (its shape's top-left at {@code left, top} in frame coordinates) into {@code slot}.
     *
     * @return the bytes written into the slot
     */
    long composite(DxgiPointer pointer, boolean shapeChanged, SlotWriter slot, SlotDebt debt, int left, int top,
                   boolean fullyDirty) {
        DxgiCursorShape shape = pointer.shape;
        int cw = shape == null ? 0 : shape.width;
        int ch = shape == null ? 0 : shape.height;
        if (!overlay.place(slot, left, top, cw, ch, pointer.visible, shapeChanged, fullyDirty)) {
            return 0;
        }
        if (shape.and == null) {
            return overlay.blend(shape.argb, cw, slot, debt);
        }
        MemorySegment dst = slot.memory();
        int stride = slot.stride();
        int x0 = overlay.x();
        int y0 = overlay.y();
        for (int y = y0; y < y0 + overlay.height(); y++) {
            int src = overlay.shapeIndex(x0, y, cw);
            long dstRow = (long) y * stride + 4L * x0;
            for (int x = 0; x < overlay.width(); x++) {
                long at = dstRow + 4L * x;
                dst.set(JAVA_INT, at, (dst.get(JAVA_INT, at) & shape.and[src + x]) ^ shape.xor[src + x]);
            }
        }
        return overlay.owe(debt);
    }

    /** Forgets where the pointer was drawn (after a resync every slot is copied whole anyway). */
    void reset() {
        overlay.forget();
    }
}
