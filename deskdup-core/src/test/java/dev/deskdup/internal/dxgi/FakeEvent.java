package dev.deskdup.internal.dxgi;

import java.util.List;

/** One scripted answer of the fake AcquireNextFrame. Rectangles are in texture space, as DXGI reports them. */
sealed interface FakeEvent {

    /** DXGI_ERROR_WAIT_TIMEOUT (the fake clock advances by the timeout). */
    record Timeout() implements FakeEvent {
    }

    /**
     * A failure HRESULT. ACCESS_LOST also invalidates the duplication, and DEVICE_REMOVED/RESET/HUNG remove every
     * device made so far, as on Windows.
     */
    record Fail(int hresult) implements FakeEvent {
    }

    /**
     * The mode changes: the desktop texture is re-made at {@code width × height} (texture space, i.e. unrotated),
     * with the rotation and format given; the duplication is lost.
     */
    record ModeChange(int width, int height, int rotation, int format) implements FakeEvent {
        ModeChange(int width, int height) {
            this(width, height, DxgiRotation.DXGI_MODE_ROTATION_IDENTITY, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        }
    }

    /**
     * A new image: moves applied first, then dirty rects repainted with this frame's pattern.
     *
     * @param dirty             {x, y, w, h} each
     * @param moves             {srcX, srcY, dstX, dstY, w, h} each
     * @param pointer           a pointer update with the frame, or null (LastMouseUpdateTime = 0)
     * @param metadata          false: TotalMetadataBufferSize = 0 although the image changed
     * @param accumulatedFrames AccumulatedFrames (0 with a present time: "no new image")
     */
    record Image(List<int[]> dirty, List<int[]> moves, Pointer pointer, boolean metadata, int accumulatedFrames)
            implements FakeEvent {
        Image(List<int[]> dirty) {
            this(dirty, List.of(), null, true, 1);
        }

        Image(List<int[]> dirty, List<int[]> moves) {
            this(dirty, moves, null, true, 1);
        }

        Image(List<int[]> dirty, Pointer pointer) {
            this(dirty, List.of(), pointer, true, 1);
        }
    }

    /** Only the pointer moved or changed (LastPresentTime = 0). */
    record PointerOnly(Pointer pointer) implements FakeEvent {
    }

    /**
     * A mouse update: the shape's top-left at {@code (x, y)} in output coordinates (valid only when visible), and
     * a new shape or null when it did not change.
     */
    record Pointer(int x, int y, boolean visible, FakeShape shape) {
        static Pointer at(int x, int y) {
            return new Pointer(x, y, true, null);
        }

        static Pointer at(int x, int y, FakeShape shape) {
            return new Pointer(x, y, true, shape);
        }

        static Pointer hidden() {
            return new Pointer(0, 0, false, null);
        }
    }
}
