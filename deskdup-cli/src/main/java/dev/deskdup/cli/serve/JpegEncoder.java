package dev.deskdup.cli.serve;

import java.lang.foreign.MemorySegment;

/** Encodes a BGRA rectangle, read in place with its row pitch, into a JPEG. One instance per thread. */
interface JpegEncoder extends AutoCloseable {

    /** Largest JPEG {@link #encode} may write for a {@code width × height} rectangle. */
    long maxSize(int width, int height);

    /**
     * Encodes the rectangle whose top-left pixel starts {@code srcOffset} bytes into {@code src}, rows
     * {@code pitch} bytes apart, into {@code dst} from offset 0 ({@link #maxSize} bytes at least).
     *
     * @return the JPEG's length in bytes
     */
    int encode(MemorySegment src, long srcOffset, int width, int height, int pitch, int quality, MemorySegment dst);

    /** What encodes: shown once in the log and in the status JSON. */
    String name();

    @Override
    void close();

    /** libturbojpeg when it is installed, else ImageIO (slower: about 30 ms for a 1280×720 frame here). */
    static JpegEncoder best() {
        return TurboJpeg.isAvailable() ? new TurboJpeg() : new ImageIoJpeg();
    }
}
