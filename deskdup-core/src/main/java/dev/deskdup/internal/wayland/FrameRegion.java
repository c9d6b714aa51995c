package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.SpaBuffers;

/**
 * Where the frame lies in one of PipeWire's buffers: the compositor's crop ({@code SPA_META_VideoCrop}, used when it
 * fits the buffer, else the whole buffer) and the chunk's stride and offset. One per source, reused for every fill:
 * no allocation.
 */
final class FrameRegion {

    /** The crop's top-left in the buffer, and the frame's size. */
    int x, y, width, height;
    int stride;
    /** The frame's first byte in the buffer's mapping, and its length ({@code stride × (height − 1) + 4 × width}). */
    long offset, length;

    /**
     * Reads {@code b}'s crop and chunk.
     *
     * @return null, or why the buffer cannot be shown
     */
    String read(StreamBuffer b) {
        x = 0;
        y = 0;
        width = b.width;
        height = b.height;
        if (b.crop != 0) {
            long r = SpaBuffers.metaData(b.crop);
            int rx = SpaBuffers.regionX(r), ry = SpaBuffers.regionY(r);
            int rw = SpaBuffers.regionWidth(r), rh = SpaBuffers.regionHeight(r);
            if (rw > 0 && rh > 0 && rx >= 0 && ry >= 0 && rx + rw <= b.width && ry + rh <= b.height) {
                x = rx;
                y = ry;
                width = rw;
                height = rh;
            }
        }
        stride = SpaBuffers.chunkStride(b.data);
        if (stride == 0) {
            stride = 4 * b.width;
        }
        if (stride < 4 * b.width) {
            return "the compositor's buffer stride=" + stride + " is smaller than its width " + b.width
                    + " × 4 (negative strides, bottom-up images, are not supported)";
        }
        offset = Integer.toUnsignedLong(SpaBuffers.chunkOffset(b.data)) + (long) y * stride + 4L * x;
        length = (long) stride * (height - 1) + 4L * width;
        return null;
    }
}
