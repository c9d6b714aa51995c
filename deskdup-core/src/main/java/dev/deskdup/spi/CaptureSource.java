package dev.deskdup.spi;

import dev.deskdup.Feature;

import java.util.List;

/**
 * What a backend implements (X11, DXGI, Wayland, the synthetic pattern): it fills the ring's slots with frames.
 *
 * <h2>Threads</h2>
 * Every method but {@link #wakeUp()} is called on one thread at a time, the <em>filling thread</em>: the consumer's
 * in pull mode, the capture thread in push mode. {@link #released} is called on that thread too (the ring defers a
 * release made on another thread until the filling thread's next turn), so a source whose OS API is
 * single-threaded (a D3D11 immediate context, a PipeWire loop it drives itself) never needs a lock. {@link #wakeUp()}
 * may be called from any thread.
 *
 * <h2>Lifecycle</h2>
 * {@link SourceProvider#open} → {@link #attach} once per slot → any number of {@link #fill}/{@link #fillRepeat}/
 * {@link #released} → {@link #close()}. A source closes everything it opened, also when {@code open} or
 * {@code attach} fails half-way (the ring closes the source when an {@code attach} throws).
 */
public interface CaptureSource extends AutoCloseable {

    /** The provider's name: {@code "x11"}, {@code "dxgi"}, {@code "wayland"}, {@code "synthetic"}. */
    String name();

    /** Width of the captured area in pixels, as of the last frame (or as opened). */
    int width();

    /** Height of the captured area in pixels, as of the last frame (or as opened). */
    int height();

    /** Gives a slot its memory ({@link SlotWriter#bind}); called for every slot when the ring is built. */
    void attach(SlotWriter slot);

    /**
     * Writes the next frame into {@code slot}: pixels, geometry (rebinding after a resize), dirty rectangles,
     * cursor, timestamp, bytes written.
     *
     * @param timeoutNanos how long to wait for a change when none is ready (0: don't wait); never longer than
     *                     {@link #maxWaitNanos()}; a source returns within about 50 ms past it at the latest
     * @return false when no frame came within the timeout (the slot's pixels are left as they were)
     * @throws dev.deskdup.CaptureException when capturing failed for good (the display died, access was lost and
     *                                      could not be recovered)
     */
    boolean fill(SlotWriter slot, long timeoutNanos);

    /**
     * Writes a frame that repeats the previous one: nothing changed within the cadence asked for with
     * {@code minFrameInterval}. The slot must then show what the previous frame showed (catching up on what it is
     * behind on), with no dirty rectangles and {@link SlotWriter#repeat(boolean)} set. A source that sees a change
     * meanwhile may deliver a normal frame instead. Default: a normal fill that does not wait.
     */
    default boolean fillRepeat(SlotWriter slot) {
        return fill(slot, 0);
    }

    /** The consumer is done with {@code slot}'s frame; called on the filling thread. Default: nothing. */
    default void released(SlotWriter slot) {
    }

    /**
     * The longest one {@link #fill} may block. The ring never asks for more, so that stop and close are seen within
     * 100 ms by sources that cannot be woken; a source whose {@link #wakeUp()} interrupts its wait may allow far
     * longer, so that an idle capture wakes up rarely. Default: 40 ms.
     */
    default long maxWaitNanos() {
        return 40_000_000L;
    }

    /** Makes a {@link #fill} that waits return early (stop, close). Any thread. Default: nothing. */
    default void wakeUp() {
    }

    /** Whether fills copy only what changed (and wait for a change); false: every fill copies the whole area. */
    default boolean tracksChanges() {
        return false;
    }

    /**
     * Whether the slots' memory is shared with the OS without a copy on our side (X11: memfds passed to the
     * server; DXGI: false, it copies the changed boxes out of the staging texture).
     */
    default boolean zeroCopy() {
        return false;
    }

    /** Where the backend stands, for diagnostics: {@code "running"}, or e.g. {@code "recovering: access lost"}. */
    default String state() {
        return "running";
    }

    /** The optional features of this backend and whether each is on (e.g. damage, cursor), with the reason. */
    default List<Feature> features() {
        return List.of();
    }

    /** Frees every slot's memory and every native resource. Idempotent; never waits on an unresponsive peer. */
    @Override
    void close();
}
