package dev.deskdup.internal.ring;

import dev.deskdup.spi.CaptureSource;
import dev.deskdup.spi.NanoClock;

import java.util.concurrent.TimeUnit;

/**
 * Fills one claimed slot with the next frame: waits until {@code maxFps} or the absolute schedule allows it, asks
 * the source, and delivers a repeat when the cadence asks for one and nothing changed. Also hands the source the
 * releases made on other threads. Filling thread only (the caller holds the ring's fill permit); allocation-free.
 */
final class FrameFiller {

    /** The longest one park lasts, so that stop and close are seen within 100 ms even while pacing. */
    static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(40);

    private final CaptureSource source;
    private final SlotStore store;
    private final SlotReleases releases;
    private final Pacer pacer;
    private final NanoClock clock;
    private final CaptureCounters counters;
    /** How long one source fill may block: the source's own limit (long when it can be woken, else 40 ms). */
    private final long sourceWaitNanos;

    FrameFiller(CaptureSource source, SlotStore store, SlotReleases releases, Pacer pacer, NanoClock clock,
                CaptureCounters counters) {
        this.source = source;
        this.store = store;
        this.releases = releases;
        this.pacer = pacer;
        this.clock = clock;
        this.counters = counters;
        this.sourceWaitNanos = Math.max(1, source.maxWaitNanos());
    }

    /** How long a stream thread may wait in one call before looking at its stop flag again. */
    long waitSliceNanos() {
        return sourceWaitNanos;
    }

    /** Tells the source of every release made since the last call and frees those slots. */
    void drainReleases() {
        long bits = releases.takeAll();
        while (bits != 0) {
            int index = Long.numberOfTrailingZeros(bits);
            bits &= bits - 1;
            releaseNow(store.get(index));
        }
    }

    /** Tells the source that {@code slot} (RELEASING) is done with, and frees it. */
    void releaseNow(Slot slot) {
        try {
            source.released(slot);
        } finally {
            slot.freed();
        }
    }

    /**
     * Fills {@code slot} (claimed) with the next frame.
     *
     * @return false when no frame came within the timeout or a stop was asked for (the slot stays claimed)
     */
    boolean fill(Slot slot, long timeoutNanos, StopSignal stop) {
        long deadline = clock.nanoTime() + timeoutNanos;
        if (pacer.paces() && !awaitEarliest(pacer.earliestNanos(), deadline, stop)) {
            return false;
        }
        boolean repeatRefused = false; // the source could not repeat (e.g. a window is unmapped): wait for a change
        while (true) {
            long now = clock.nanoTime();
            long remaining = deadline - now;
            long wait = Math.min(Math.max(0, remaining), sourceWaitNanos);
            boolean repeats = pacer.repeats() && !repeatRefused;
            long repeatDue = repeats ? pacer.repeatDueNanos() : 0;
            if (repeats) {
                wait = Math.min(wait, Math.max(0, repeatDue - now));
            }
            slot.clearFrameFacts();
            if (source.fill(slot, wait)) {
                break;
            }
            if (repeats && clock.nanoTime() - repeatDue >= 0) {
                slot.clearFrameFacts();
                if (source.fillRepeat(slot)) {
                    break;
                }
                repeatRefused = true;
            }
            if (remaining <= 0 || stop.stopRequested()) {
                return false;
            }
        }
        pacer.filled(clock.nanoTime());
        counters.addBytes(slot.bytesWritten);
        return true;
    }

    /** Waits until {@code due}; false when that is past the deadline or a stop was asked for. */
    private boolean awaitEarliest(long due, long deadline, StopSignal stop) {
        while (true) {
            long now = clock.nanoTime();
            if (now - due >= 0) {
                return true;
            }
            if (now - deadline >= 0 || stop.stopRequested()) {
                return false;
            }
            long until = due - deadline < 0 ? due : deadline;
            clock.parkNanos(Math.min(until - now, WAIT_SLICE_NANOS));
        }
    }
}
