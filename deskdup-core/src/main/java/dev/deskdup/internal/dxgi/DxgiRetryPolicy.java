package dev.deskdup.internal.dxgi;

import java.util.concurrent.TimeUnit;

/**
 * How the DXGI source retries: the first attempt after a loss comes at once, then the wait doubles from
 * {@code firstBackoffNanos} up to {@code maxBackoffNanos} (attempts count from the last delivered frame, so a
 * duplication that is lost again right after it was re-made backs off too). Expected transitions (see
 * {@link DxgiState}) are retried for as long as they last, as OBS, DXcam and Microsoft's sample do; only
 * {@code maxUnexpectedFailures} unexpected errors in a row end the capture.
 *
 * <p>Default: 100 ms doubling to 2 s, 10 unexpected errors (about 10 s of them).
 */
record DxgiRetryPolicy(long firstBackoffNanos, long maxBackoffNanos, int maxUnexpectedFailures) {

    static final DxgiRetryPolicy DEFAULT = new DxgiRetryPolicy(TimeUnit.MILLISECONDS.toNanos(100),
            TimeUnit.SECONDS.toNanos(2), 10);

    DxgiRetryPolicy {
        if (firstBackoffNanos < 0 || maxBackoffNanos < firstBackoffNanos || maxUnexpectedFailures < 1) {
            throw new IllegalArgumentException("firstBackoffNanos=" + firstBackoffNanos + ", maxBackoffNanos="
                    + maxBackoffNanos + ", maxUnexpectedFailures=" + maxUnexpectedFailures
                    + " (need 0 <= firstBackoffNanos <= maxBackoffNanos and maxUnexpectedFailures >= 1)");
        }
    }

    /** The wait before attempt {@code attempt} (1-based; the first comes at once). */
    long backoffNanos(int attempt) {
        if (attempt <= 1) {
            return 0;
        }
        long b = firstBackoffNanos << Math.min(attempt - 2, 30);
        return b < 0 || b > maxBackoffNanos ? maxBackoffNanos : b;
    }
}
