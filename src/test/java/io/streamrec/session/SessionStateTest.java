package io.streamrec.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionStateTest {

    @Test
    void shouldKeepOnlyTheNewestMaxLenInteractionsInTimestampOrder() {
        SessionState state = new SessionState();
        for (int i = 1; i <= 5; i++) {
            state.record(new Interaction("i" + i, EventType.CLICK, i * 10L), 3, 10);
        }
        assertEquals(List.of("i3", "i4", "i5"), items(state));
        assertEquals(5, state.eventCount());
        assertEquals(50, state.newestEventTs());
    }

    @Test
    void shouldInsertALateEventAtItsTimestampPosition() {
        SessionState state = new SessionState();
        state.record(new Interaction("a", EventType.CLICK, 10), 5, 10);
        state.record(new Interaction("c", EventType.CLICK, 30), 5, 10);
        state.record(new Interaction("b", EventType.CART, 20), 5, 10);
        assertEquals(List.of("a", "b", "c"), items(state));
        assertEquals("c", state.last().item());
        assertEquals(30, state.newestEventTs());
    }

    @Test
    void shouldDropALateEventOlderThanAFullSequence() {
        SessionState state = new SessionState();
        state.record(new Interaction("a", EventType.CLICK, 10), 2, 10);
        state.record(new Interaction("b", EventType.CLICK, 20), 2, 10);
        state.record(new Interaction("old", EventType.CLICK, 5), 2, 10);
        assertEquals(List.of("a", "b"), items(state));
        assertEquals(3, state.eventCount());
    }

    @Test
    void shouldRememberPurchasesUpToTheBoundForgettingTheOldest() {
        SessionState state = new SessionState();
        state.record(new Interaction("p1", EventType.PURCHASE, 1), 10, 2);
        state.record(new Interaction("c1", EventType.CART, 2), 10, 2);
        state.record(new Interaction("p2", EventType.PURCHASE, 3), 10, 2);
        state.record(new Interaction("p3", EventType.PURCHASE, 4), 10, 2);
        assertEquals(List.of("p2", "p3"), List.copyOf(state.purchased()));
    }

    @Test
    void shouldNumberRecommendationsAndKeepTheSessionVector() {
        SessionState state = new SessionState();
        assertEquals(1, state.nextSeq(0));
        assertEquals(2, state.nextSeq(0));
        float[] vector = {0.5f, -1f};
        state.sessionVector(vector);
        vector[0] = 9f;
        assertArrayEquals(new float[] {0.5f, -1f}, state.sessionVector());
        assertThrows(UnsupportedOperationException.class, () -> state.interactions().clear());
    }

    @Test
    void shouldRememberOnlyTheLastEventIdsOfTheWindow() {
        SessionState state = new SessionState();
        for (int i = 1; i <= 4; i++) {
            state.rememberEventId("e" + i, 3);
        }
        assertEquals(false, state.hasSeenEventId("e1"));
        assertEquals(true, state.hasSeenEventId("e4"));
        assertEquals(List.of(EventIdFingerprint.of("e2"), EventIdFingerprint.of("e3"), EventIdFingerprint.of("e4")),
                List.copyOf(state.recentEventIds()));
    }

    private static List<String> items(SessionState state) {
        return state.interactions().stream().map(Interaction::item).toList();
    }

    @Test
    void shouldApplyAnEventOnceAndRefuseItsReplayBeforeChangingAnything() {
        SessionState state = new SessionState();
        SessionBounds bounds = new SessionBounds(10, 10, 4);
        Event bought = new Event("u", "sku-1", EventType.PURCHASE, 10, "e-1", null, null, null);

        state.apply(bought, bounds);
        InvalidEventException replay = assertThrows(InvalidEventException.class, () -> state.apply(bought, bounds));

        assertEquals(RejectReason.DUPLICATE, replay.reason());
        assertEquals(1, state.eventCount());
        assertEquals(List.of("sku-1"), items(state));
        assertEquals(java.util.Set.of("sku-1"), state.purchased());
    }

    @Test
    void shouldForgetEventIdsBeyondTheDedupeWindow() {
        SessionState state = new SessionState();
        SessionBounds bounds = new SessionBounds(10, 10, 2);
        for (int i = 1; i <= 3; i++) {
            state.apply(new Event("u", "i" + i, EventType.CLICK, i, "e-" + i, null, null, null), bounds);
        }

        state.apply(new Event("u", "i1", EventType.CLICK, 4, "e-1", null, null, null), bounds);

        assertEquals(4, state.eventCount(), "e-1 fell out of the window of 2, so it is applied again");
    }

    @Test
    void shouldNumberListsFromTheClockAndNeverGoDown() {
        SessionState state = new SessionState();
        assertEquals(1_000, state.nextSeq(1_000));
        assertEquals(1_001, state.nextSeq(500), "a clock that went back does not lower the number");
        assertEquals(5_000, state.nextSeq(5_000));

        SessionState returning = new SessionState();
        returning.raiseSeqFloor(9_000);
        assertEquals(9_001, returning.nextSeq(5_001), "a floor from an erasure marker outranks a slower clock");
    }
}
