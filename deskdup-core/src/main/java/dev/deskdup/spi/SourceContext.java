package dev.deskdup.spi;

/**
 * What the composition root hands a source when it opens one, besides the user's options.
 *
 * @param slots  how many slots the ring will {@link CaptureSource#attach attach} (e.g. to size per-slot state)
 * @param clock  the clock every time-based decision of the source uses (timestamps, backoff, timeouts)
 * @param memory where slot memory comes from when the frames go somewhere else too (a shared ring file); null: the
 *               source chooses its own (memfds, SysV segments, plain off-heap memory)
 */
public record SourceContext(int slots, NanoClock clock, SlotMemoryAllocator memory) {

    public SourceContext {
        if (slots < 1) {
            throw new IllegalArgumentException("slots=" + slots + " must be at least 1");
        }
        if (clock == null) {
            throw new IllegalArgumentException("clock=null (use NanoClock.system())");
        }
    }

    /** {@code slots} slots, the system clock, the source's own memory. */
    public static SourceContext of(int slots) {
        return new SourceContext(slots, NanoClock.system(), null);
    }
}
