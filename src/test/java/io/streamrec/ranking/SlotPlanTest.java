package io.streamrec.ranking;

import static io.streamrec.ranking.SlotPlan.Slot.BLEND;
import static io.streamrec.ranking.SlotPlan.Slot.COMPLEMENT;
import static io.streamrec.ranking.SlotPlan.Slot.MAIN;
import static io.streamrec.ranking.SlotPlan.Slot.NEW_ITEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.streamrec.ranking.SlotPlan.Slot;
import org.junit.jupiter.api.Test;

class SlotPlanTest {
    @Test
    void shouldSpreadBlendedSlotsAndKeepTheLastFreeOnesForLaunches() {
        assertArrayEquals(new Slot[]{MAIN, MAIN, MAIN, BLEND, MAIN, MAIN, BLEND, MAIN, NEW_ITEM, BLEND},
                SlotPlan.plan(10, 0, 3, 1));
        assertArrayEquals(new Slot[]{MAIN, MAIN, MAIN}, SlotPlan.plan(3, 0, 0, 0));
    }

    @Test
    void shouldLeadWithComplementsAndMoveABlendedSlotTheyTakeFurtherDown() {
        assertArrayEquals(new Slot[]{COMPLEMENT, COMPLEMENT, BLEND, MAIN, NEW_ITEM, BLEND},
                SlotPlan.plan(6, 2, 2, 1));
        assertArrayEquals(new Slot[]{COMPLEMENT, COMPLEMENT}, SlotPlan.plan(2, 3, 1, 1));
    }

    @Test
    void shouldFillAOneItemList() {
        assertArrayEquals(new Slot[]{BLEND}, SlotPlan.plan(1, 0, 1, 1));
        assertArrayEquals(new Slot[]{NEW_ITEM}, SlotPlan.plan(1, 0, 0, 1));
    }
}
