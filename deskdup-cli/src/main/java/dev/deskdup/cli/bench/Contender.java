package dev.deskdup.cli.bench;

/**
 * One way of getting a frame of the screen into memory, measured by {@link BenchRunner}. A contender is opened once
 * per screen size, then asked for several batches (one per round, interleaved with the other contenders), then closed.
 */
interface Contender extends AutoCloseable {

    /** Short stable key for JSON and scripts, e.g. {@code deskdup-full}. */
    String id();

    /** What the table and chart call it, e.g. {@code deskdup full-frame pull}. */
    String name();

    /** How its figures are taken, for the JSON report: what the frame time spans, whose CPU is counted. */
    String method();

    /**
     * Gets ready to capture {@code target} and runs {@code warmupFrames} unmeasured frames (JIT, caches, lazy setup).
     *
     * @throws ContenderSkipped when this contender cannot run here; its message is the reason shown to the user
     */
    void open(BenchTarget target, int warmupFrames) throws ContenderSkipped;

    /** Runs one measured batch, appending per-frame times to {@code times} when it can measure them. */
    BatchResult run(BatchSpec spec, FrameTimes times) throws ContenderSkipped;

    /** Frees what {@link #open} took. Idempotent; never throws. */
    @Override
    void close();
}
