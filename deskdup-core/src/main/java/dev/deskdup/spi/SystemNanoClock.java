package dev.deskdup.spi;

import java.util.concurrent.locks.LockSupport;

/** {@link NanoClock#system()}: the JVM's monotonic clock, waiting by parking. */
enum SystemNanoClock implements NanoClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void parkNanos(long nanos) {
        if (nanos > 0) {
            LockSupport.parkNanos(nanos);
        }
    }
}
