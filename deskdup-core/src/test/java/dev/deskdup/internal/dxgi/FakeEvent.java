package dev.deskdup.internal.dxgi;

import java.util.List;

/** One scripted answer of the fake AcquireNextFrame. */
sealed interface FakeEvent {

    /** DXGI_ERROR_WAIT_TIMEOUT. */
    record Timeout() implements FakeEvent {
    }

    /** A failure HRESULT (e.g. ACCESS_LOST); ACCESS_LOST also invalidates the duplication, as on Windows. */
    record Fail(int hresult) implements FakeEvent {
    }

    /** The mode changes to {@code width x height}: the duplication is lost and the desktop re-made. */
    record ModeChange(int width, int height) implements FakeEvent {
    }

    /**
     * A new image: moves applied first, then dirty rects repainted with this frame's pattern.
     *
     * @param dirty  {x, y, w, h} each
     * @param moves  {srcX, srcY, dstX, dstY, w, h} each
     * @param shape  pointer shape bytes, or null when the shape did not change
     */
    record Image(List<int[]> dirty, List<int[]> moves, int pointerX, int pointerY, byte[] shape)
            implements FakeEvent {
        Image(List<int[]> dirty) {
            this(dirty, List.of(), -1, -1, null);
        }
    }

    /** Only the pointer moved (LastPresentTime = 0), maybe with a new shape. */
    record PointerOnly(int x, int y, byte[] shape) implements FakeEvent {
    }
}
