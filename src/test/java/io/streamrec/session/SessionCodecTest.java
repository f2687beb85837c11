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
        state.nextSeq(1_732_900_001_000L);
        state.sessionVector(new float[] {1.5f, -2.25f, 0.123456f});
        state.rememberEventId("e-1", 10);
        state.rememberEventId("e-2", 10);

        SessionState copy = SessionCodec.decode(SessionCodec.encode(state));

        assertEquals(state.interactions(), copy.interactions());
        assertEquals(List.copyOf(state.purchased()), List.copyOf(copy.purchased()));
        assertEquals(3, copy.eventCount());
        assertEquals(1_732_900_001_000L, copy.seq());
        assertEquals(1_732_900_000_500L, copy.newestEventTs());
        assertArrayEquals(new float[] {1.5f, -2.25f, 0.123456f}, copy.sessionVector(), 0.123456f / 256,
                "bfloat16 keeps about 3 significant digits");
        assertTrue(copy.hasSeenEventId("e-1") && copy.hasSeenEventId("e-2") && !copy.hasSeenEventId("e-3"));
        assertEquals(List.copyOf(state.recentEventIds()), List.copyOf(copy.recentEventIds()));
    }

    @Test
    void shouldStillReadVersions1And2() {
        // version 2: type as its own byte, float32 vector, event ids as strings; version 1: no event ids
        byte[] v2 = {2, /* events */ 1, /* seq */ 0, /* newest ts 1000 */ (byte) 0xE8, 0x07, /* interactions */ 1,
            0, 5, 's', 'k', 'u', '-', '1', /* type click */ 1, /* ts delta zig-zag 2000 */ (byte) 0xD0, 0x0F,
            /* purchased */ 0, /* vector */ 1, 0x3F, (byte) 0xC0, 0, 0, /* event ids */ 1, 0, 2, 'e', '1'};
        SessionState state = SessionCodec.decode(v2);
        assertEquals(List.of(new Interaction("sku-1", EventType.CLICK, 1000)), state.interactions());
        assertArrayEquals(new float[] {1.5f}, state.sessionVector());
        assertTrue(state.hasSeenEventId("e1"));

        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 5);
        v1[0] = 1;
        assertEquals(state.interactions(), SessionCodec.decode(v1).interactions());
        assertTrue(SessionCodec.decode(v1).recentEventIds().isEmpty());
    }

    @Test
    void shouldRoundTripAnEmptyState() {
        SessionState copy = SessionCodec.decode(SessionCodec.encode(new SessionState()));
        assertTrue(copy.interactions().isEmpty());
        assertEquals(0, copy.sessionVector().length);
    }

    @Test
    void shouldKeepAFullSessionWellUnderOneKilobyte() {
        SessionState state = new SessionState();
        for (int i = 0; i < 50; i++) {
            // 10-character ids, like Amazon's ASINs; a few seconds between events
            state.record(new Interaction("B00" + (1_000_000 + i * 7), EventType.CLICK, 1_732_900_000_000L + i * 5_000L), 50, 100);
        }
        state.sessionVector(new float[64]);
        int bytes = SessionCodec.encode(state).length;
        // 50 × (1-byte length + 10-char id + 3-byte ts delta with the type) + 64 × 2-byte vector + counters
        assertTrue(bytes < 860, "encoded size " + bytes);

        for (int i = 0; i < 64; i++) {
            state.rememberEventId("a-producer-event-id-of-36-characters-" + i, 64);
        }
        assertEquals(bytes + 64 * 8, SessionCodec.encode(state).length, "each remembered event id costs 8 bytes");
    }

    @Test
    void shouldRoundBfloat16ToNearest() {
        assertEquals(1.0f, SessionCodec.fromBfloat16(SessionCodec.toBfloat16(1.0f)));
        assertEquals(-0.0f, SessionCodec.fromBfloat16(SessionCodec.toBfloat16(-0.0f)));
        assertEquals(Float.POSITIVE_INFINITY, SessionCodec.fromBfloat16(SessionCodec.toBfloat16(Float.POSITIVE_INFINITY)));
        assertTrue(Float.isNaN(SessionCodec.fromBfloat16(SessionCodec.toBfloat16(Float.NaN))));
        assertEquals(1.0078125f, SessionCodec.fromBfloat16(SessionCodec.toBfloat16(1.006f)), "1.006 is nearer 1 + 2^-7 than 1");
    }

    @Test
    void shouldRefuseAnUnknownVersion() {
        byte[] bytes = SessionCodec.encode(new SessionState());
        bytes[0] = 99;
        assertThrows(IllegalArgumentException.class, () -> SessionCodec.decode(bytes));
    }
}
