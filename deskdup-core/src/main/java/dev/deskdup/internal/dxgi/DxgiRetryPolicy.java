package dev.deskdup.internal.dxgi;

import java.util.concurrent.TimeUnit;

/**
 * How long the DXGI source keeps re-creating a lost duplication or device: exponential backoff from
 * {@code initialBackoffNanos} up to {@code maxBackoffNanos}, at most {@code maxAttempts} attempts in a row.
 * The default gives up after about ten minutes (a lock screen or UAC prompt usually ends sooner).
 */
public record DxgiRetryPolicy(int maxAttempts, long initialBackoffNanos, long maxBackoffNanos) {

    public static final DxgiRetryPolicy DEFAULT = new DxgiRetryPolicy(600, TimeUnit.MILLISECONDS.toNanos(10),
            TimeUnit.SECONDS.toNanos(1));

    public DxgiRetryPolicy {
        if (maxAttempts < 1 || initialBackoffNanos < 0 || maxBackoffNanos < initialBackoffNanos) {
            throw new IllegalArgumentException("maxAttempts=" + maxAttempts + ", initialBackoffNanos="
                    + initialBackoffNanos + ", maxBackoffNanos=" + maxBackoffNanos
                    + " (need maxAttempts >= 1 and 0 <= initialBackoffNanos <= maxBackoffNanos)");
        }
    }

    /** The wait before attempt {@code attempt} (1-based; the first comes at once). */
    long backoffNanos(int attempt) {
        if (attempt <= 1) {
            return 0;
        }
        long b = initialBackoffNanos << Math.min(attempt - 2, 30);
        return b < 0 || b > maxBackoffNanos ? maxBackoffNanos : b;
    }
}
