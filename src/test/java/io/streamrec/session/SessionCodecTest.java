package io.streamrec.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCodecTest {

    @Test
    void shouldRoundTripEveryField() {
        SessionState state = new SessionState();
        state.record(new Interaction("sku-1", EventType.CLICK, 1_732_900_000_000L), 50, 100);
        state.record(new Interaction("ünïcødé-✓", EventType.CART, 1_732_900_000_500L), 50, 100);
        state.record(new Interaction("sku-3", EventType.PURCHASE, 1_732_899_999_000L), 50, 100);
        state.nextSeq();
        state.sessionVector(new float[] {1.5f, -2.25f, Float.MIN_VALUE});
        state.rememberEventId("e-1", 10);
        state.rememberEventId("e-2", 10);

        SessionState copy = SessionCodec.decode(SessionCodec.encode(state));

        assertEquals(state.interactions(), copy.interactions());
        assertEquals(List.copyOf(state.purchased()), List.copyOf(copy.purchased()));
        assertEquals(3, copy.eventCount());
        assertEquals(1, copy.seq());
        assertEquals(1_732_900_000_500L, copy.newestEventTs());
        assertArrayEquals(state.sessionVector(), copy.sessionVector());
        assertEquals(List.of("e-1", "e-2"), List.copyOf(copy.recentEventIds()));
    }

    @Test
    void shouldStillReadVersion1WhichHadNoEventIds() {
        SessionState state = new SessionState();
        state.record(new Interaction("sku-1", EventType.CLICK, 1000), 50, 100);
        byte[] v2 = SessionCodec.encode(state);
        // version 1 = the same bytes without the trailing event-id count (0)
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 1);
        v1[0] = 1;
        assertEquals(state.interactions(), SessionCodec.decode(v1).interactions());
    }

    @Test
    void shouldRoundTripAnEmptyState() {
        SessionState copy = SessionCodec.decode(SessionCodec.encode(new SessionState()));
        assertTrue(copy.interactions().isEmpty());
        assertEquals(0, copy.sessionVector().length);
    }

    @Test
    void shouldBeCompactForAFullSequence() {
        SessionState state = new SessionState();
        for (int i = 0; i < 50; i++) {
            state.record(new Interaction("sku-" + (1000 + i), EventType.CLICK, 1_732_900_000_000L + i * 5_000L), 50, 100);
        }
        state.sessionVector(new float[64]);
        int bytes = SessionCodec.encode(state).length;
        // 50 × (2-byte length + 8-char id + type + ~3-byte ts delta) + 64 floats: well under JSON's size.
        assertTrue(bytes < 50 * 14 + 64 * 4 + 32, "encoded size " + bytes);
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        byte[] bytes = SessionCodec.encode(new SessionState());
        bytes[0] = 99;
        assertThrows(IllegalArgumentException.class, () -> SessionCodec.decode(bytes));
    }
}
