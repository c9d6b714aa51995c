package dev.deskdup.cli;

import dev.deskdup.Frame;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes frames to a channel as packed BGRA ({@code width * 4} bytes per row, rows top to bottom), without
 * allocating per frame.
 *
 * <p>{@code MemorySegment.asByteBuffer()} allocates a buffer per call, so the buffer for each slot is made once and
 * kept, keyed by the identity of the segment {@link Frame#pixels()} returns (the same object for every frame of a
 * slot). A source that re-points a slot's view gets a new buffer then, which is rare (a resize, a remap).
 */
final class PackedFrameWriter {

    private static final int CACHE_SIZE = 16;   // more than any ring's slots ever in use at once

    private final WritableByteChannel channel;
    private final MemorySegment[] segments = new MemorySegment[CACHE_SIZE];
    private final ByteBuffer[] buffers = new ByteBuffer[CACHE_SIZE];
    private int nextVictim;
    private long bytesWritten;

    PackedFrameWriter(WritableByteChannel channel) {
        this.channel = channel;
    }

    /** Writes one frame, packed. */
    void write(Frame frame) throws IOException {
        write(frame.pixels(), frame.stride(), frame.width(), frame.height());
    }

    /** Writes one frame of a constant-size video, packed. */
    void write(FittedFrame frame) throws IOException {
        write(frame.pixels(), frame.stride(), frame.width(), frame.height());
    }

    /** Writes {@code height} rows of {@code width * 4} bytes, {@code stride} bytes apart in {@code pixels}. */
    void write(MemorySegment pixels, int stride, int width, int height) throws IOException {
        ByteBuffer buffer = bufferFor(pixels);
        int rowBytes = width * 4;
        if (stride == rowBytes) {
            writeRange(buffer, 0, rowBytes * height);
        } else {
            // Padded rows (e.g. a region of a wider screen): the padding must not reach the reader.
            for (int y = 0, offset = 0; y < height; y++, offset += stride) {
                writeRange(buffer, offset, rowBytes);
            }
        }
    }

    /** Bytes written so far. */
    long bytesWritten() {
        return bytesWritten;
    }

    private void writeRange(ByteBuffer buffer, int offset, int length) throws IOException {
        buffer.limit(buffer.capacity()).position(offset).limit(offset + length);
        while (buffer.hasRemaining()) {
            bytesWritten += channel.write(buffer);
        }
    }

    private ByteBuffer bufferFor(MemorySegment pixels) {
        for (int i = 0; i < CACHE_SIZE; i++) {
            if (segments[i] == pixels) {
                return buffers[i];
            }
        }
        int i = nextVictim;
        nextVictim = (nextVictim + 1) % CACHE_SIZE;
        segments[i] = pixels;
        buffers[i] = pixels.asByteBuffer();
        return buffers[i];
    }
}
