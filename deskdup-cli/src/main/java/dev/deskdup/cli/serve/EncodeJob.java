package dev.deskdup.cli.serve;

/** One rectangle (or band of one) to encode for an update, and where its record goes. Preallocated, reused. */
final class EncodeJob implements AutoCloseable {

    int x;
    int y;
    int width;
    int height;
    /** The record (header + payload) once encoded. */
    final GrowableBuffer record = new GrowableBuffer(4096);
    /** Its length in bytes, set by the encoder. */
    int length;

    void set(int x, int y, int width, int height) {
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
        this.length = 0;
    }

    @Override
    public void close() {
        record.close();
    }
}
