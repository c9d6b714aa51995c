package dev.deskdup.cli.bench;

/** How long one measured batch runs: {@code frames} frames, or, when that is 0, {@code nanos} of wall time. */
record BatchSpec(long frames, long nanos) {

    static BatchSpec ofFrames(long frames) {
        return new BatchSpec(frames, 0);
    }

    static BatchSpec ofNanos(long nanos) {
        return new BatchSpec(0, nanos);
    }

    boolean byFrames() {
        return frames > 0;
    }
}
