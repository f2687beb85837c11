package io.streamrec.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamrec.events.EventType;
import io.streamrec.session.SessionBytes.Reader;
import io.streamrec.session.SessionBytes.Writer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SessionBytesTest {

    @Test
    void shouldRoundTripEveryKindOfValuePastTheInitialCapacity() {
        String longId = "x".repeat(300) + "-ü";
        Writer out = new Writer(1);
        out.writeByte(7);
        out.writeShort((short) -2);
        out.writeLong(Long.MIN_VALUE + 1);
        for (long v : new long[] {0, 127, 128, 300, Long.MAX_VALUE, -1}) {
            out.writeVarLong(v);
        }
        out.writeString("");
        out.writeString(longId);
        out.writeString("sku-1");

        Reader in = new Reader(out.toByteArray());
        assertEquals(7, in.readByte());
        assertEquals(-2, in.readShort());
        assertEquals(Long.MIN_VALUE + 1, in.readLong());
        for (long v : new long[] {0, 127, 128, 300, Long.MAX_VALUE, -1}) {
            assertEquals(v, in.readVarLong());
        }
        assertEquals("", in.readString());
        assertEquals(longId, in.readString());
        assertEquals("sku-1", in.readString());
        assertThrows(IndexOutOfBoundsException.class, in::readByte, "nothing left");
    }

    @Test
    void shouldWriteVarLongsLowGroupFirstInAsFewBytesAsNeeded() {
        Writer out = new Writer(4);
        out.writeVarLong(127);
        out.writeVarLong(300);
        assertArrayEquals(new byte[] {0x7F, (byte) 0xAC, 0x02}, out.toByteArray());
        assertEquals(10, varLongBytes(-1), "a negative var-long takes all 10 bytes");
    }

    @Test
    void shouldZigZagSmallSignedDeltasToSmallNumbers() {
        assertEquals(0, SessionBytes.zigZag(0));
        assertEquals(1, SessionBytes.zigZag(-1));
        assertEquals(2, SessionBytes.zigZag(1));
        for (long v : new long[] {0, 1, -1, 1_000, -1_000, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(v, SessionBytes.unZigZag(SessionBytes.zigZag(v)));
        }
    }

    @Test
    void shouldRefuseAStringThatRunsPastTheEnd() {
        Writer out = new Writer(8);
        out.writeString("sku-123");
        byte[] bytes = out.toByteArray();
        assertThrows(IndexOutOfBoundsException.class, () -> new Reader(Arrays.copyOf(bytes, bytes.length - 1)).readString());
    }

    @Test
    void shouldRefuseAVarLongOfMoreThanTenBytes() {
        byte[] bytes = new byte[11];
        Arrays.fill(bytes, (byte) 0x80);
        assertThrows(IllegalArgumentException.class, () -> new Reader(bytes).readVarLong());
    }

    @Test
    void shouldRefuseEveryTruncationOfAVersion3State() {
        SessionState state = new SessionState();
        state.record(new Interaction("sku-1", EventType.CLICK, 1_000L), 50, 100);
        state.record(new Interaction("sku-2", EventType.PURCHASE, 900L), 50, 100);
        state.sessionVector(new float[] {0.5f, -1f});
        state.rememberEventId("e-1", 10);
        byte[] full = SessionCodec.encode(state);
        for (int length = 0; length < full.length; length++) {
            byte[] prefix = Arrays.copyOf(full, length);
            assertThrows(IllegalArgumentException.class, () -> SessionCodec.decode(prefix), "first " + length + " bytes");
        }
    }

    private static int varLongBytes(long value) {
        Writer out = new Writer(1);
        out.writeVarLong(value);
        return out.toByteArray().length;
    }
}
