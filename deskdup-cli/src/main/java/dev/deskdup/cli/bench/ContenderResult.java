package dev.deskdup.cli.bench;

import java.util.Arrays;

/**
 * One contender's figures at one screen size, summed over all its rounds; or the reason it was skipped. Per-frame
 * figures divide totals by the frame count, so coarse readings (CPU ticks of 10 ms) average out over the run.
 */
final class ContenderResult {

    final String id;
    final String name;
    final String size;
    final String method;
    private String skipReason;
    private long frames;
    private long wallNanos;
    private long ownCpuNanos;
    private long serverCpuNanos;
    private long allocBytes;
    private long gcCount;
    private long rounds;
    private long[] frameNanos = new long[0];
    private int frameTimeCount;
    private boolean sorted;

    ContenderResult(String id, String name, String size, String method) {
        this.id = id;
        this.name = name;
        this.size = size;
        this.method = method;
    }

    ContenderResult(Contender contender, String size) {
        this(contender.id(), contender.name(), size, contender.method());
    }

    static ContenderResult skipped(Contender contender, String size, String reason) {
        ContenderResult r = new ContenderResult(contender, size);
        r.skip(reason);
        return r;
    }

    void skip(String reason) {
        skipReason = reason == null || reason.isBlank() ? "unknown failure" : reason;
    }

    /** Adds a batch; a quantity that any batch did not measure stays unknown (-1) for the whole result. */
    void add(BatchResult b, FrameTimes times) {
        frames += b.frames();
        wallNanos += b.wallNanos();
        ownCpuNanos = sum(rounds, ownCpuNanos, b.ownCpuNanos());
        serverCpuNanos = sum(rounds, serverCpuNanos, b.serverCpuNanos());
        allocBytes = sum(rounds, allocBytes, b.allocBytes());
        gcCount = sum(rounds, gcCount, b.gcCount());
        rounds++;
        if (frameTimeCount + times.size() > frameNanos.length) {
            frameNanos = Arrays.copyOf(frameNanos, Math.max(frameTimeCount + times.size(), 2 * frameNanos.length));
        }
        System.arraycopy(times.toArray(), 0, frameNanos, frameTimeCount, times.size());
        frameTimeCount += times.size();
        sorted = false;
    }

    private static long sum(long roundsSoFar, long total, long value) {
        if (value < 0 || (roundsSoFar > 0 && total < 0)) {
            return -1;
        }
        return total + value;
    }

    boolean isSkipped() {
        return skipReason != null;
    }

    String skipReason() {
        return skipReason;
    }

    long frames() {
        return frames;
    }

    long rounds() {
        return rounds;
    }

    double seconds() {
        return wallNanos / 1e9;
    }

    /** Frames per second over the time spent capturing; NaN without frames. */
    double fps() {
        return frames > 0 && wallNanos > 0 ? frames / (wallNanos / 1e9) : Double.NaN;
    }

    /** A percentile (0..100) of the per-frame time in nanoseconds; NaN when per-frame times were not measured. */
    double percentileNanos(double p) {
        if (frameTimeCount == 0) {
            return Double.NaN;
        }
        if (!sorted) {
            Arrays.sort(frameNanos, 0, frameTimeCount);
            sorted = true;
        }
        int index = (int) Math.ceil(p / 100 * frameTimeCount) - 1;   // nearest rank
        return frameNanos[Math.max(0, Math.min(frameTimeCount - 1, index))];
    }

    double ownCpuNanosPerFrame() {
        return perFrame(ownCpuNanos);
    }

    double serverCpuNanosPerFrame() {
        return perFrame(serverCpuNanos);
    }

    double allocBytesPerFrame() {
        return perFrame(allocBytes);
    }

    /** Collections over all rounds, or -1 when not measured. */
    long gcCount() {
        return frames > 0 ? gcCount : -1;
    }

    private double perFrame(long total) {
        return total < 0 || frames == 0 ? Double.NaN : (double) total / frames;
    }
}
