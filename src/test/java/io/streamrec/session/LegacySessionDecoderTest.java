package io.streamrec.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.EventType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versions 1 and 2, written here with DataOutputStream as the app that wrote them did. */
class LegacySessionDecoderTest {

    @Test
    void shouldReadEveryFieldOfVersion2() throws IOException {
        SessionState state = LegacySessionDecoder.decode(version2(true));

        assertEquals(List.of(new Interaction("sku-1", EventType.CLICK, 1_000), new Interaction("ünï-✓", EventType.CART, 1_500),
                new Interaction("sku-3", EventType.PURCHASE, 1_200)), state.interactions(), "ts deltas may be negative");
        assertEquals(List.of("sku-3"), List.copyOf(state.purchased()));
        assertEquals(3, state.eventCount());
        assertEquals(2, state.seq());
        assertEquals(1_500, state.newestEventTs());
        assertArrayEquals(new float[] {0.1f, -2f}, state.sessionVector(), "float32, read exactly");
        assertTrue(state.hasSeenEventId("e-1") && state.hasSeenEventId("e-2") && !state.hasSeenEventId("e-3"));
    }

    @Test
    void shouldReadVersion1WithoutEventIds() throws IOException {
        SessionState state = LegacySessionDecoder.decode(version2(false));
        assertEquals(3, state.interactions().size());
        assertTrue(state.recentEventIds().isEmpty());
    }

    @Test
    void shouldRefuseEveryTruncation() throws IOException {
        for (boolean v2 : new boolean[] {false, true}) {
            byte[] full = version2(v2);
            for (int length = 0; length < full.length; length++) {
                byte[] prefix = Arrays.copyOf(full, length);
                assertThrows(IllegalArgumentException.class, () -> LegacySessionDecoder.decode(prefix),
                        "version " + (v2 ? 2 : 1) + ", first " + length + " bytes");
            }
        }
    }

    @Test
    void shouldRefuseOtherVersionsAndOverlongVarLongs() {
        assertThrows(IllegalArgumentException.class, () -> LegacySessionDecoder.decode(new byte[] {0}));
        assertThrows(IllegalArgumentException.class, () -> LegacySessionDecoder.decode(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}),
                "version 3 is SessionCodec's");
        byte[] overlong = new byte[12];
        Arrays.fill(overlong, (byte) 0x80);
        overlong[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> LegacySessionDecoder.decode(overlong));
    }

    /** Version 2 (or 1, without the event ids) of three interactions, one purchase and a 2-float vector. */
    private static byte[] version2(boolean withEventIds) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(withEventIds ? 2 : 1);
        varLong(out, 3);
        varLong(out, 2);
        varLong(out, 1_500);
        varLong(out, 3);
        long previous = 0;
        for (Object[] i : new Object[][] {{"sku-1", 1, 1_000L}, {"ünï-✓", 2, 1_500L}, {"sku-3", 3, 1_200L}}) {
            out.writeUTF((String) i[0]);
            out.writeByte((int) i[1]);
            varLong(out, SessionBytes.zigZag((long) i[2] - previous));
            previous = (long) i[2];
        }
        varLong(out, 1);
        out.writeUTF("sku-3");
        varLong(out, 2);
        out.writeFloat(0.1f);
        out.writeFloat(-2f);
        if (withEventIds) {
            varLong(out, 2);
            out.writeUTF("e-1");
            out.writeUTF("e-2");
        }
        return bytes.toByteArray();
    }

    private static void varLong(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }
}
