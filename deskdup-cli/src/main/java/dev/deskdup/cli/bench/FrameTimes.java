package dev.deskdup.cli.bench;

import java.util.Arrays;

/**
 * Per-frame durations of one batch, in a buffer allocated once, so that recording a frame allocates nothing (the
 * in-JVM contenders report bytes allocated per frame, and the recording must not show up there).
 */
final class FrameTimes {

    private final long[] nanos;
    private int size;

    FrameTimes(int capacity) {
        nanos = new long[capacity];
    }

    void clear() {
        size = 0;
    }

    /** Records one frame's duration; returns false when the buffer is full (the batch should end). */
    boolean add(long frameNanos) {
        if (size == nanos.length) {
            return false;
        }
        nanos[size++] = frameNanos;
        return size < nanos.length;
    }

    int size() {
        return size;
    }

    int capacity() {
        return nanos.length;
    }

    long[] toArray() {
        return Arrays.copyOf(nanos, size);
    }
}
