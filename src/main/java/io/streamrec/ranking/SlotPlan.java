package io.streamrec.ranking;

import java.util.Arrays;

/**
 * Which source each position of a list is filled from first: complements of a carted item lead, blended trending
 * items are spread evenly (never first, the last slot of each stretch: with 3 of 10, positions 4, 7 and 10), and
 * slots kept for new launches are the last ones still free. A position whose source has nothing eligible falls
 * back to the main order (model, then trending, then popular).
 */
final class SlotPlan {
    enum Slot { MAIN, COMPLEMENT, BLEND, NEW_ITEM }

    private SlotPlan() {
    }

    static Slot[] plan(int topK, int complements, int blend, int newItems) {
        Slot[] plan = new Slot[topK];
        Arrays.fill(plan, Slot.MAIN);
        for (int i = 0; i < Math.min(complements, topK); i++) {
            plan[i] = Slot.COMPLEMENT;
        }
        for (int p = 0; p < topK; p++) {
            if ((long) (p + 1) * blend / topK > (long) p * blend / topK) {
                place(plan, p, Slot.BLEND);
            }
        }
        for (int p = topK - 1, left = newItems; p >= 0 && left > 0; p--) {
            if (plan[p] == Slot.MAIN) {
                plan[p] = Slot.NEW_ITEM;
                left--;
            }
        }
        return plan;
    }

    /** At {@code from}, or the first main position after it (taken by complements already). */
    private static void place(Slot[] plan, int from, Slot slot) {
        for (int p = from; p < plan.length; p++) {
            if (plan[p] == Slot.MAIN) {
                plan[p] = slot;
                return;
            }
        }
    }
}
