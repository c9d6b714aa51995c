package dev.deskdup.source;

import dev.deskdup.frame.FrameSlot;

/**
 * What a backend implements: it owns the memory of the ring's slots and writes frames into them.
 *
 * <p>Called by the ring on one thread at a time (the consumer's in pull mode, the capture thread in push mode),
 * except {@link #wakeUp()}, which any thread may call.
 */
public interface Source extends AutoCloseable {

    /** {@code "x11"}, {@code "dxgi"}, {@code "synthetic"}. */
    String name();

    /** Width of the captured area in pixels, as of the last frame. */
    int width();

    /** Height of the captured area in pixels, as of the last frame. */
    int height();

    /** Gives a slot its memory (via {@link FrameSlot#bind}); called for every slot when the ring is built. */
    void attach(FrameSlot slot);

    /**
     * Writes the next frame into {@code slot}: pixels, geometry, dirty rectangles, capture timestamp.
     *
     * @param timeoutNanos how long to wait for a frame when none is ready (0: don't wait); implementations return
     *                     within about 50 ms past it at most
     * @return false when no frame came within the timeout (the slot is left as it was)
     * @throws dev.deskdup.CaptureException when capturing failed
     */
    boolean fill(FrameSlot slot, long timeoutNanos);

    /**
     * Writes a frame that repeats the previous one (nothing changed within the cadence asked for with
     * {@code minFrameInterval}): the slot must show what the previous frame showed, with no dirty rectangles and
     * {@link FrameSlot#repeat(boolean)} set. A source that sees a change meanwhile may deliver a normal frame
     * instead. Default: a normal fill that does not wait.
     */
    default boolean fillRepeat(FrameSlot slot) {
        return fill(slot, 0);
    }

    /** The consumer released {@code slot} (e.g. DXGI unmaps the staging texture). Default: nothing. */
    default void released(FrameSlot slot) {
    }

    /**
     * The longest one {@link #fill} call may block. The ring never asks for more, so that stop and close are seen
     * within 100 ms by sources that cannot be woken; a source whose {@link #wakeUp()} interrupts its wait may allow
     * far longer, so that an idle capture wakes up rarely. Default: 40 ms.
     */
    default long maxWaitNanos() {
        return 40_000_000L;
    }

    /** Makes a {@link #fill} that waits return early (close, stop). Any thread. Default: nothing. */
    default void wakeUp() {
    }

    /** Frees every slot's memory and every native resource. Idempotent. */
    @Override
    void close();
}
