package dev.deskdup.internal.ring;

/** Where a slot goes when its consumer releases it (HELD → RELEASING): the ring tells the source on its filling thread. */
interface ReleaseHandler {
    void released(Slot slot);
}
