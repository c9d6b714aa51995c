package dev.deskdup.spi;

/**
 * The {@link SlotDebt} of every slot of a capture, indexed by {@link SlotWriter#index()}: a change seen while one
 * slot is filled is owed by all the others.
 *
 * <pre>{@code
 * SlotDebt debt = debts.of(slot.index());
 * copy(debt.isEverything() ? wholeFrame : debt.areas());   // what the slot missed while others were filled
 * copy(changesOfThisFrame);
 * debt.settle();
 * debts.oweAllBut(slot.index(), changesOfThisFrame);
 * }</pre>
 */
public final class SlotDebts {

    private final SlotDebt[] debts;

    /** Debts for {@code slots} slots of at most {@code capacity} rectangles each, all starting as "everything". */
    public SlotDebts(int slots, int capacity) {
        debts = new SlotDebt[slots];
        for (int i = 0; i < slots; i++) {
            debts[i] = new SlotDebt(capacity);
        }
    }

    public SlotDebt of(int slot) {
        return debts[slot];
    }

    public int slots() {
        return debts.length;
    }

    /** Every slot owes {@code changed}. */
    public void oweAll(RectSet changed) {
        for (SlotDebt d : debts) {
            d.owe(changed);
        }
    }

    /** Every slot but {@code filled} owes {@code changed} (the filled one just copied it). */
    public void oweAllBut(int filled, RectSet changed) {
        for (int i = 0; i < debts.length; i++) {
            if (i != filled) {
                debts[i].owe(changed);
            }
        }
    }

    /** Every slot is behind on the whole frame (after a resize, a device reset, a lost stretch of changes). */
    public void oweEverythingAll() {
        for (SlotDebt d : debts) {
            d.oweEverything();
        }
    }
}
