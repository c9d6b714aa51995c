package dev.deskdup.cli.serve;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;

import static dev.deskdup.cli.serve.UpdateDescriptor.ENCODING_DEFLATE;
import static dev.deskdup.cli.serve.UpdateDescriptor.ENCODING_FILL;
import static dev.deskdup.cli.serve.UpdateDescriptor.ENCODING_JPEG;
import static dev.deskdup.cli.serve.UpdateDescriptor.ENCODING_RAW;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_ENCODING_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_HEADER_LENGTH;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_HEIGHT_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_LENGTH_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_WIDTH_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_X_OFFSET;
import static dev.deskdup.cli.serve.UpdateDescriptor.RECT_Y_OFFSET;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;

/**
 * Encodes one rectangle of a held frame into one rectangle record of an update ({@link UpdateDescriptor}), choosing
 * the encoding by content: one colour → fill (4 bytes); tiny → raw; few colours and long runs (UI, text) → deflate;
 * otherwise, when the policy allows, JPEG. Reads the frame in place with its row pitch: the caller holds the frame.
 * One per thread (it owns a {@link Deflater}, a JPEG handle and a scratch buffer); reused for every rectangle.
 */
final class RectEncoder implements AutoCloseable {

    /** At most this many pixels (1 KiB) go raw: compressing would cost more than the bytes saved. */
    static final int RAW_MAX_AREA = 256;
    /** Below this many pixels a rectangle is never JPEG: its 600-byte headers would outweigh it. */
    static final int JPEG_MIN_AREA = 64 * 64;
    /** At least this fraction of sampled pixels equal to their left neighbour reads as UI/text: lossless. */
    static final double LOSSLESS_RUN_FRACTION = 0.5;

    private final JpegEncoder jpeg;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    /** The rectangle's rows packed (the deflater's input). */
    private final GrowableBuffer packed = new GrowableBuffer(1 << 16);
    private final EncodingStats stats;

    RectEncoder(JpegEncoder jpeg, EncodingStats stats) {
        this.jpeg = jpeg;
        this.stats = stats;
    }

    /**
     * Writes the record for {@code x, y, w, h} of {@code pixels} (rows {@code stride} bytes apart) at the start of
     * {@code out}, growing it when needed.
     *
     * @return the record's length (header and payload)
     */
    int encode(MemorySegment pixels, int stride, int x, int y, int w, int h, EncodingPolicy policy, int quality,
               GrowableBuffer out) {
        long started = System.nanoTime();
        long offset = (long) y * stride + 4L * x;
        long area = (long) w * h;
        int encoding;
        int payload;
        long solid = ContentProbe.solidColour(pixels, offset, w, h, stride);
        if (solid >= 0) {
            encoding = ENCODING_FILL;
            out.ensure(RECT_HEADER_LENGTH + 4, 0);
            out.segment().set(JAVA_INT_UNALIGNED, RECT_HEADER_LENGTH, (int) solid);
            payload = 4;
        } else if (area <= RAW_MAX_AREA) {
            encoding = ENCODING_RAW;
            payload = (int) (area * 4);
            out.ensure(RECT_HEADER_LENGTH + payload, 0);
            copyPacked(pixels, offset, w, h, stride, out.segment(), RECT_HEADER_LENGTH);
        } else if (wantsJpeg(policy, pixels, offset, w, h, stride, area)) {
            encoding = ENCODING_JPEG;
            out.ensure(RECT_HEADER_LENGTH + jpeg.maxSize(w, h), 0);
            MemorySegment dst = out.segment().asSlice(RECT_HEADER_LENGTH);
            payload = jpeg.encode(pixels, offset, w, h, stride, quality, dst);
        } else {
            encoding = ENCODING_DEFLATE;
            payload = deflate(pixels, offset, w, h, stride, out);
        }
        MemorySegment record = out.segment();
        record.set(JAVA_SHORT_LE, RECT_X_OFFSET, (short) x);
        record.set(JAVA_SHORT_LE, RECT_Y_OFFSET, (short) y);
        record.set(JAVA_SHORT_LE, RECT_WIDTH_OFFSET, (short) w);
        record.set(JAVA_SHORT_LE, RECT_HEIGHT_OFFSET, (short) h);
        record.set(JAVA_BYTE, RECT_ENCODING_OFFSET, (byte) encoding);
        record.set(JAVA_BYTE, RECT_ENCODING_OFFSET + 1, (byte) 0);
        record.set(JAVA_BYTE, RECT_ENCODING_OFFSET + 2, (byte) 0);
        record.set(JAVA_BYTE, RECT_ENCODING_OFFSET + 3, (byte) 0);
        record.set(JAVA_INT_LE, RECT_LENGTH_OFFSET, payload);
        stats.record(encoding, area, payload, System.nanoTime() - started);
        return RECT_HEADER_LENGTH + payload;
    }

    private static final java.lang.foreign.ValueLayout.OfShort JAVA_SHORT_LE =
            java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.foreign.ValueLayout.OfInt JAVA_INT_LE =
            JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private static boolean wantsJpeg(EncodingPolicy policy, MemorySegment pixels, long offset, int w, int h,
                                     int stride, long area) {
        return switch (policy) {
            case LOSSLESS -> false;
            case JPEG -> true;
            case AUTO -> area >= JPEG_MIN_AREA
                    && ContentProbe.runFraction(pixels, offset, w, h, stride) < LOSSLESS_RUN_FRACTION;
        };
    }

    /** zlib of the packed rows, written after the record header; returns the payload length. */
    private int deflate(MemorySegment pixels, long offset, int w, int h, int stride, GrowableBuffer out) {
        long raw = (long) w * h * 4;
        packed.ensure(raw, 0);
        copyPacked(pixels, offset, w, h, stride, packed.segment(), 0);
        // zlib's compressBound: the most deflate can ever produce from raw bytes.
        long bound = raw + (raw >> 12) + (raw >> 14) + (raw >> 25) + 13 + 64;
        out.ensure(RECT_HEADER_LENGTH + bound, 0);
        ByteBuffer input = packed.buffer().clear().limit((int) raw);
        ByteBuffer output = out.buffer().clear().position(RECT_HEADER_LENGTH);
        deflater.reset();
        deflater.setInput(input);
        deflater.finish();
        while (!deflater.finished()) {
            if (deflater.deflate(output) == 0 && !output.hasRemaining()) {
                throw new IllegalStateException("deflate output exceeded compressBound for " + w + "x" + h);
            }
        }
        return output.position() - RECT_HEADER_LENGTH;
    }

    private static void copyPacked(MemorySegment pixels, long offset, int w, int h, int stride, MemorySegment dst,
                                   long dstOffset) {
        long rowBytes = 4L * w;
        for (int row = 0; row < h; row++) {
            MemorySegment.copy(pixels, offset + (long) row * stride, dst, dstOffset + row * rowBytes, rowBytes);
        }
    }

    String jpegName() {
        return jpeg.name();
    }

    @Override
    public void close() {
        deflater.end();
        packed.close();
        jpeg.close();
    }
}
