package dev.deskdup;

import java.awt.image.BufferedImage;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One captured frame: a <em>view</em> over a preallocated slot that the OS wrote the pixels into. Nothing is
 * allocated or copied to hand it to you; the view and its slot are reused for later frames once released.
 *
 * <pre>{@code
 * try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults())) {
 *     Frame frame = capture.acquire(100, TimeUnit.MILLISECONDS);
 *     if (frame != null) {
 *         try (frame) {
 *             MemorySegment bgra = frame.pixels();        // width*height*4 bytes, rows of frame.stride() bytes
 *             byte blueOfTopLeft = bgra.get(ValueLayout.JAVA_BYTE, 0);
 *         }                                              // released: the slot goes back to the ring
 *     }
 * }
 * }</pre>
 *
 * <h2>Validity</h2>
 * A frame is valid from the {@code acquire} (or the {@code onFrame} call) that handed it out until it is released
 * ({@link #release()}/{@link #close()}, or {@code onFrame} returning). Every accessor of a released frame, or of a
 * frame of a closed capture, throws {@link IllegalStateException} naming the frame's sequence and state; it never
 * reads freed memory. A {@link MemorySegment} obtained from {@link #pixels()} and kept past the release still reads
 * mapped memory (the slot lives as long as the capture), but its bytes may belong to a later frame; after the capture
 * is closed, reading it throws {@link IllegalStateException}.
 *
 * <h2>Allocation</h2>
 * All accessors are allocation-free. Methods named {@code copyTo…}/{@code convertTo…} copy into a buffer you give
 * them and allocate nothing; {@link #toBufferedImage()} allocates a new image and is meant for interop only.
 */
public interface Frame extends AutoCloseable {

    /** Frame number, counting from 1 for the first frame this capture delivered. */
    long sequence();

    /** When the frame was captured: {@link System#nanoTime()} just after the OS finished writing it. */
    long timestampNanos();

    /** Width in pixels. */
    int width();

    /** Height in pixels. */
    int height();

    /** Bytes from the start of one row to the start of the next; at least {@code width() * 4}. */
    int stride();

    /** Always {@link PixelFormat#BGRA} for captured frames. */
    PixelFormat format();

    /**
     * The frame's bytes, read-only: {@code stride() * (height() - 1) + width() * 4} bytes in the slot the OS wrote.
     * The same segment object is returned for every call on this slot (no allocation).
     */
    MemorySegment pixels();

    /**
     * Number of rectangles that changed since the previous frame (at least 1 when anything changed; the whole frame
     * for the first one and after a resize). Read them with {@link #dirtyRectX(int)} etc., or {@link #copyDirtyRects}.
     */
    int dirtyRectCount();

    int dirtyRectX(int index);

    int dirtyRectY(int index);

    int dirtyRectWidth(int index);

    int dirtyRectHeight(int index);

    /**
     * Writes the dirty rectangles as {@code x, y, width, height} quadruples into {@code dst}, without allocating.
     *
     * @return the number of rectangles written ({@code dst} must hold {@code 4 * dirtyRectCount()} ints)
     */
    default int copyDirtyRects(int[] dst) {
        int n = dirtyRectCount();
        if (dst.length < 4 * n) {
            throw new IllegalArgumentException("dst.length=" + dst.length + " is too small for dirtyRectCount=" + n
                    + " (needs " + 4 * n + " ints)");
        }
        for (int i = 0; i < n; i++) {
            dst[4 * i] = dirtyRectX(i);
            dst[4 * i + 1] = dirtyRectY(i);
            dst[4 * i + 2] = dirtyRectWidth(i);
            dst[4 * i + 3] = dirtyRectHeight(i);
        }
        return n;
    }

    /**
     * Whether this frame's size differs from the previous frame's (the screen or the captured monitor was resized).
     * Such a frame is fully dirty. False for the first frame.
     */
    boolean sizeChanged();

    /**
     * Whether this frame only repeats the previous one: nothing changed on screen, it was delivered to keep the
     * cadence asked for with {@link CaptureOptions#minFrameInterval}. No dirty rectangles; no pixels were copied.
     */
    boolean isRepeat();

    /**
     * The X server's timestamp (milliseconds, the server's clock, wraps at 2^32) of the newest change this frame
     * shows, or 0 when the source does not know it (full-frame polling, other backends, first frame).
     */
    long serverTimeMillis();

    // ---- cursor (CaptureOptions.cursor(SEPARATE or COMPOSITED); all zero/false/NULL with NONE) -----------------

    /** Whether the pointer's hotspot lies within this frame (and the cursor is tracked at all). */
    boolean cursorVisible();

    /** The pointer's hotspot, in frame coordinates (may lie outside the frame when not visible). */
    int cursorX();

    /** The pointer's hotspot, in frame coordinates. */
    int cursorY();

    /**
     * Whether the cursor's shape changed since the previous frame (always true for the first frame that carries a
     * shape). Read the new shape with {@link #cursorWidth()} … {@link #cursorPixels()}.
     */
    boolean cursorShapeChanged();

    /** Width of the cursor image in pixels (0 when there is none). */
    int cursorWidth();

    /** Height of the cursor image in pixels. */
    int cursorHeight();

    /** The hotspot's column within the cursor image: the image's top-left is at {@code cursorX() - hotspotX}. */
    int cursorHotspotX();

    /** The hotspot's row within the cursor image. */
    int cursorHotspotY();

    /**
     * The cursor image, read-only: {@code cursorWidth() * cursorHeight()} little-endian {@code int}s of
     * premultiplied ARGB (so bytes B, G, R, A in memory), rows packed. Same segment until the shape changes.
     */
    MemorySegment cursorPixels();

    /** Whether the frame is still valid (acquired and not yet released, capture open). Never throws. */
    boolean isValid();

    /** Gives the slot back to the capture. Releasing twice throws {@link IllegalStateException}. */
    void release();

    /** Same as {@link #release()}, for try-with-resources; closing an already released frame is a no-op. */
    @Override
    void close();

    /** Number of bytes of the packed image: {@code width * height * 4}. */
    default long packedSize() {
        return (long) width() * height() * format().bytesPerPixel();
    }

    /**
     * Copies the pixels, rows packed ({@code width * 4} bytes each), into {@code dst} from index 0. Allocates nothing.
     *
     * @throws IllegalArgumentException when {@code dst} is shorter than {@link #packedSize()}
     */
    default void copyTo(byte[] dst) {
        PixelConversions.copyPacked(pixels(), stride(), width(), height(), dst);
    }

    /**
     * Copies the pixels, rows packed, into {@code dst} at its position, and advances the position past them.
     * Allocates nothing (heap buffers are written through their array, direct ones by bulk or absolute puts).
     *
     * @throws IllegalArgumentException when fewer than {@link #packedSize()} bytes remain in {@code dst}
     */
    default void copyTo(ByteBuffer dst) {
        PixelConversions.copyPacked(pixels(), stride(), width(), height(), dst);
    }

    /** Copies the pixels, rows packed, into {@code dst} from offset 0. Allocates nothing. */
    default void copyTo(MemorySegment dst) {
        PixelConversions.copyPacked(pixels(), stride(), width(), height(), dst);
    }

    /**
     * Converts the pixels into {@code target} format, rows packed, written into {@code dst} from offset 0 (which must
     * hold {@code width * height * target.bytesPerPixel()} bytes). Allocates nothing. GRAY8 is BT.601 luma
     * {@code (77 R + 150 G + 29 B + 128) >> 8}.
     */
    default void convertTo(PixelFormat target, MemorySegment dst) {
        PixelConversions.convert(pixels(), stride(), width(), height(), target, dst);
    }

    /** As {@link #convertTo(PixelFormat, MemorySegment)}, into a byte array from index 0. Allocates nothing. */
    default void convertTo(PixelFormat target, byte[] dst) {
        PixelConversions.convert(pixels(), stride(), width(), height(), target, dst);
    }

    /**
     * <strong>Allocates</strong> a new {@code TYPE_INT_RGB} image holding a copy of this frame: for interop with AWT,
     * ImageIO and the like, not for the frame path.
     */
    default BufferedImage toBufferedImage() {
        return PixelConversions.toBufferedImage(pixels(), stride(), width(), height());
    }
}
