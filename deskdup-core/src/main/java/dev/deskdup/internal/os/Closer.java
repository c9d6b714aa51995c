package dev.deskdup.internal.os;

/**
 * Runs every step of a close path even when one fails, and reports failures once: the first is thrown at the end
 * (or added as suppressed to an exception already in flight), the others are suppressed into it.
 *
 * <pre>{@code
 * Closer closer = new Closer();
 * closer.run(() -> Libc.munmap(address, size));
 * closer.run(() -> Libc.close(fd));
 * closer.finish();          // throws the first failure, if any
 * }</pre>
 */
public final class Closer {

    private RuntimeException first;

    /** Runs one step; a failure is kept, not thrown. */
    public void run(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            if (first == null) {
                first = e;
            } else if (first != e) {
                first.addSuppressed(e);
            }
        }
    }

    /** Throws the first failure, if any. */
    public void finish() {
        if (first != null) {
            throw first;
        }
    }

    /** Adds the failures to {@code primary} (already being thrown) instead of throwing them. */
    public void finishInto(Throwable primary) {
        if (first != null && first != primary) {
            primary.addSuppressed(first);
        }
    }
}
