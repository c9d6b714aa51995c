package dev.deskdup.internal.ring;

/**
 * When the next frame may come and when a repeat is due, for {@code maxFps} and {@code minFrameInterval}. Filling
 * thread only; time comes from the capture's clock (nanoseconds, compared by difference).
 *
 * <ul>
 * <li><b>Relative</b> (default): frames at least {@code 1/maxFps} apart (after a stall longer than one interval
 *     the cadence restarts instead of bursting to catch up); a repeat is due {@code minFrameInterval} after the
 *     previous frame.</li>
 * <li><b>Absolute</b> ({@code FrameSchedule.ABSOLUTE}): frame {@code k} is due at {@code origin + k·interval},
 *     where {@code origin} is when the first frame was filled. No frame comes before its due time; one that is late
 *     comes at once (a consumer that fell behind gets the missed frames back to back, as repeats when nothing
 *     changed), so frames never drift: after {@code t} seconds, exactly {@code 1 + t/interval} frames have come.
 *     This is what raw video needs (every frame one tick of its clock).</li>
 * </ul>
 */
final class Pacer {

    private final long minIntervalNanos;
    private final long repeatIntervalNanos;
    private final boolean absolute;

    private boolean started;
    private long lastFilledNanos;
    private long nextDueNanos;
    private long origin;
    private long framesSinceOrigin;

    /**
     * @param minIntervalNanos    at least this long between frames (from maxFps); 0: unpaced
     * @param repeatIntervalNanos a repeat frame when nothing changed for this long; 0: never
     * @param absolute            the absolute schedule (then both intervals are the same, or min is 0)
     */
    Pacer(long minIntervalNanos, long repeatIntervalNanos, boolean absolute) {
        if (absolute && (repeatIntervalNanos <= 0 || (minIntervalNanos != 0 && minIntervalNanos != repeatIntervalNanos))) {
            throw new IllegalArgumentException("an absolute schedule needs minFrameInterval > 0 and no other maxFps "
                    + "(minIntervalNanos=" + minIntervalNanos + ", repeatIntervalNanos=" + repeatIntervalNanos + ")");
        }
        this.minIntervalNanos = absolute ? repeatIntervalNanos : minIntervalNanos;
        this.repeatIntervalNanos = repeatIntervalNanos;
        this.absolute = absolute;
    }

    /** Whether frames are held back at all (else {@link #earliestNanos()} is meaningless). */
    boolean paces() {
        return started && minIntervalNanos > 0;
    }

    /** The earliest time the next frame may be filled; valid when {@link #paces()}. */
    long earliestNanos() {
        return absolute ? origin + framesSinceOrigin * minIntervalNanos : nextDueNanos;
    }

    /** Whether a repeat frame can become due (else {@link #repeatDueNanos()} is meaningless). */
    boolean repeats() {
        return started && repeatIntervalNanos > 0;
    }

    /** When a repeat is due if nothing changed; valid when {@link #repeats()}. */
    long repeatDueNanos() {
        return absolute ? origin + framesSinceOrigin * repeatIntervalNanos : lastFilledNanos + repeatIntervalNanos;
    }

    /** A frame was filled at {@code now}. */
    void filled(long now) {
        if (absolute) {
            if (!started) {
                origin = now;
            }
            framesSinceOrigin++;
        } else if (minIntervalNanos > 0) {
            long next = nextDueNanos + minIntervalNanos;
            // A steady cadence; after a long stall start afresh rather than bursting to catch up.
            nextDueNanos = !started || next - (now - minIntervalNanos) < 0 ? now + minIntervalNanos : next;
        }
        lastFilledNanos = now;
        started = true;
    }
}
