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

        SessionState copy = SessionCodec.decode(SessionCodec.encode(state));

        assertEquals(state.interactions(), copy.interactions());
        assertEquals(List.copyOf(state.purchased()), List.copyOf(copy.purchased()));
        assertEquals(3, copy.eventCount());
        assertEquals(1, copy.seq());
        assertEquals(1_732_900_000_500L, copy.newestEventTs());
        assertArrayEquals(state.sessionVector(), copy.sessionVector());
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
