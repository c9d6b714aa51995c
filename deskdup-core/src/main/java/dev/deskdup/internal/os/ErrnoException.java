package dev.deskdup.internal.os;

import dev.deskdup.CaptureException;

/**
 * A C library call failed. The message names the call with its arguments, the errno symbolically with its text, and
 * what to check, e.g. {@code ftruncate(fd=12, length=8294400) failed: ENOSPC: No space left on device (out of
 * memory or /dev/shm full?)}.
 */
public final class ErrnoException extends CaptureException {

    private final int errno;

    public ErrnoException(String call, int errno, String hint) {
        super(call + " failed: " + Errno.describe(errno) + (hint == null ? "" : " (" + hint + ")"));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
