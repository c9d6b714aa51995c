package dev.deskdup;

/** What a capture does with the mouse cursor ({@link CaptureOptions#cursor(CursorMode)}). */
public enum CursorMode {
    /** Not tracked: the frame's cursor accessors say nothing (no cost). */
    NONE,
    /**
     * Tracked beside the pixels: each frame carries the pointer's position and, when it changed, the cursor's shape
     * (premultiplied ARGB with its hotspot); the pixels stay cursor-free. One extra round trip per frame for the
     * position; the shape is fetched only when the server says it changed.
     */
    SEPARATE,
    /**
     * As {@link #SEPARATE}, and also blended into the frame's pixels, touching only the cursor's rectangle (which is
     * reported dirty, as is where the cursor was in the previous frame).
     */
    COMPOSITED
}
