package dev.deskdup.cli;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A channel that takes every byte at once and keeps none, like a fast reader, counting what it was given. */
final class CountingChannel implements WritableByteChannel {

    private long bytes;

    /** How many bytes were written so far. */
    long bytes() {
        return bytes;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        bytes += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
