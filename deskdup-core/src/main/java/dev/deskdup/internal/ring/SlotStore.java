package dev.deskdup.internal.ring;

/**
 * The ring's preallocated slots, made once and reused for the capture's lifetime (the Disruptor's ring of
 * preallocated entries). Finding a free slot is a scan with one CAS; no lock, no allocation.
 */
final class SlotStore {

    /** {@link SlotReleases} keeps one bit per slot in a {@code long}. */
    static final int MAX_SLOTS = 64;

    private final Slot[] slots;

    SlotStore(int count, ReleaseHandler releases) {
        if (count < 1 || count > MAX_SLOTS) {
            throw new IllegalArgumentException("slots=" + count + " is out of range (1 to " + MAX_SLOTS + ")");
        }
        slots = new Slot[count];
        for (int i = 0; i < count; i++) {
            slots[i] = new Slot(i, releases);
        }
    }

    int size() {
        return slots.length;
    }

    Slot get(int index) {
        return slots[index];
    }

    /** Claims a free slot (FREE → FILLING); null when every slot is in use. */
    Slot claimFree() {
        for (Slot slot : slots) {
            if (slot.tryClaim()) {
                return slot;
            }
        }
        return null;
    }

    boolean anyFree() {
        for (Slot slot : slots) {
            if (slot.isFree()) {
                return true;
            }
        }
        return false;
    }

    /** How many slots a consumer holds right now. */
    int held() {
        int n = 0;
        for (Slot slot : slots) {
            if (slot.isHeld()) {
                n++;
            }
        }
        return n;
    }

    void closeAll() {
        for (Slot slot : slots) {
            slot.close();
        }
    }
}
