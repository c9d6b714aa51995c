package dev.deskdup;

import dev.deskdup.internal.Bootstrap;

import java.time.Duration;

/**
 * Captures the screen into a named shared-memory ring that other processes read without copying: Python with
 * NumPy ({@code deskdup.Ring("NAME")}), another JVM ({@link RingReader#open}), or anything that follows
 * docs/ring-format.md. The ring file is {@code /dev/shm/deskdup-NAME} on Linux, mode 0600; on X11 the X server
 * writes every frame straight into it.
 *
 * <pre>{@code
 * try (RingPublisher ring = RingPublisher.start("desk", CaptureOptions.defaults().maxFps(30), 4)) {
 *     System.out.println("python3 -c 'import deskdup; ...'  reads " + ring.name());
 *     ring.await(Duration.ofHours(1));                  // capture runs on its own thread
 * }                                                     // the file is removed; readers see the end of stream
 * }</pre>
 *
 * <p>The capture has {@code maxReaders + 2} slots: one per reader's leased frame, the newest frame, and the one
 * being written, so readers never slow the capture down. A name that a live producer uses is refused (the message
 * names its pid); a stale file of a dead one is replaced.
 */
public interface RingPublisher extends AutoCloseable {

    /**
     * Opens the capture {@code options} describe and starts publishing its frames into ring {@code name}.
     *
     * @param maxReaders how many readers may attach at once (1 to 62)
     * @throws CaptureException         when the capture cannot be opened or the name is in use by a live producer
     * @throws IllegalArgumentException when the name or maxReaders is invalid
     */
    static RingPublisher start(String name, CaptureOptions options, int maxReaders) {
        return start(name, options, maxReaders, 0);
    }

    /**
     * As {@link #start(String, CaptureOptions, int)}, stopping after exactly {@code maxFrames} frames published (0:
     * until closed); readers then see the stream end once the publisher is closed.
     */
    static RingPublisher start(String name, CaptureOptions options, int maxReaders, long maxFrames) {
        if (maxFrames < 0) {
            throw new IllegalArgumentException("maxFrames=" + maxFrames + " must be >= 0 (0: until closed)");
        }
        return Bootstrap.startRingPublisher(name, options, maxReaders, maxFrames);
    }

    /** The ring's name. */
    String name();

    /** The ring file's path. */
    String path();

    /** Width of the frames now. */
    int width();

    /** Height of the frames now. */
    int height();

    /** The capture's backend ({@code x11}, {@code synthetic}, ...). */
    String sourceName();

    /**
     * How pixels reach the ring's slots: {@code os-direct} (zero copy: the X server writes into the file),
     * {@code rendered} (the synthetic pattern drawn into the slots), or {@code one-copy} (the backend's own memory
     * is copied once per frame: X11's SysV fallback when fd passing is refused, DXGI's staging texture; also any
     * backend that cannot take its slot memory from the ring).
     */
    String writePath();

    /** Why a stale ring file of this name was replaced on start (its producer died), or null. */
    String replacedStale();

    /** Frames published so far. */
    long framesPublished();

    /** Whether the capture is still running (false after a failure or close). */
    boolean isRunning();

    /** Waits until the capture stops (failure or close) or the timeout passes; true when it stopped. */
    boolean await(Duration timeout) throws InterruptedException;

    /** Why capturing stopped, or null while it runs or after a normal close. */
    Throwable failure();

    /** Stops capturing, tells readers the stream ended, removes the ring file. Idempotent. */
    @Override
    void close();
}
