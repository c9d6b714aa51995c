package dev.deskdup.cli.serve;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What each encoding cost, summed over every rectangle encoded: count, pixels in, bytes out, encoder nanoseconds.
 * For the status JSON and the benchmark (the README's table of encodings comes from it). Written by the encoder
 * threads; atomic adds, no lock, no allocation.
 */
final class EncodingStats {

    static final int ENCODINGS = 4;
    private static final int FIELDS = 4;
    private static final int COUNT = 0;
    private static final int PIXELS = 1;
    private static final int BYTES = 2;
    private static final int NANOS = 3;

    private final AtomicLongArray values = new AtomicLongArray(ENCODINGS * FIELDS);

    void record(int encoding, long pixels, long bytes, long nanos) {
        int base = encoding * FIELDS;
        values.incrementAndGet(base + COUNT);
        values.addAndGet(base + PIXELS, pixels);
        values.addAndGet(base + BYTES, bytes);
        values.addAndGet(base + NANOS, nanos);
    }

    long count(int encoding) {
        return values.get(encoding * FIELDS + COUNT);
    }

    long pixels(int encoding) {
        return values.get(encoding * FIELDS + PIXELS);
    }

    long bytes(int encoding) {
        return values.get(encoding * FIELDS + BYTES);
    }

    long nanos(int encoding) {
        return values.get(encoding * FIELDS + NANOS);
    }
}
