package io.streamrec.session;

import io.streamrec.events.EventType;
import io.streamrec.session.SessionBytes.Reader;
import io.streamrec.session.SessionBytes.Writer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Compact binary form of {@link SessionState} for the RocksDB store and its changelog.
 * Layout (version 3): version byte, counters as var-longs, interactions as (item, var-long of the zig-zagged ts
 * delta shifted left by 2 with the event type in the low bits), purchased items, the session vector as bfloat16,
 * then the recent event ids' 8-byte fingerprints. Strings are UTF-8 after a var-long length. About 850 bytes for
 * 50 interactions with 10-character ids. Versions 1 (no event ids) and 2 (type byte, float32, id strings) are
 * still read ({@link LegacySessionDecoder}), so a rolling upgrade needs no migration; an older app cannot read
 * version 3. The byte-level writer and reader are {@link SessionBytes}.
 */
public final class SessionCodec {
    private static final byte VERSION = 3;

    private SessionCodec() {
    }

    public static byte[] encode(SessionState state) {
        Writer out = new Writer(64 + 16 * state.interactions().size() + 2 * state.sessionVector().length
                + 8 * state.recentEventIds().size());
        out.writeByte(VERSION);
        out.writeVarLong(state.eventCount());
        out.writeVarLong(state.seq());
        out.writeVarLong(state.newestEventTs());
        List<Interaction> interactions = state.interactions();
        out.writeVarLong(interactions.size());
        long previousTs = 0;
        for (Interaction interaction : interactions) {
            out.writeString(interaction.item());
            // the type's 2 bits ride in the same var-long as the timestamp delta
            out.writeVarLong(SessionBytes.zigZag(interaction.ts() - previousTs) << 2 | interaction.type().index());
            previousTs = interaction.ts();
        }
        out.writeVarLong(state.purchased().size());
        for (String item : state.purchased()) {
            out.writeString(item);
        }
        float[] vector = state.sessionVector();
        out.writeVarLong(vector.length);
        for (float value : vector) {
            out.writeShort(toBfloat16(value));
        }
        out.writeVarLong(state.recentEventIds().size());
        for (long fingerprint : state.recentEventIds()) {
            out.writeLong(fingerprint);
        }
        return out.toByteArray();
    }

    public static SessionState decode(byte[] data) {
        if (data.length > 0 && data[0] == VERSION) {
            try {
                return decodeCurrent(new Reader(data));
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("corrupt session state", e);
            }
        }
        return LegacySessionDecoder.decode(data);
    }

    /** Version 3, read straight from the array (this runs for every event: no streams, no locks). */
    private static SessionState decodeCurrent(Reader in) {
        in.readByte();
        long eventCount = in.readVarLong();
        long seq = in.readVarLong();
        long newestEventTs = in.readVarLong();
        int count = (int) in.readVarLong();
        List<Interaction> interactions = new ArrayList<>(count + 1);
        long ts = 0;
        for (int i = 0; i < count; i++) {
            String item = in.readString();
            long packed = in.readVarLong();
            ts += SessionBytes.unZigZag(packed >>> 2);
            interactions.add(new Interaction(item, EventType.fromIndex((byte) (packed & 3)), ts));
        }
        int purchasedCount = (int) in.readVarLong();
        LinkedHashSet<String> purchased = new LinkedHashSet<>(capacity(purchasedCount + 1));
        for (int i = 0; i < purchasedCount; i++) {
            purchased.add(in.readString());
        }
        float[] vector = new float[(int) in.readVarLong()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = fromBfloat16(in.readShort());
        }
        int idCount = (int) in.readVarLong();
        LinkedHashSet<Long> eventIds = new LinkedHashSet<>(capacity(idCount + 1));
        for (int i = 0; i < idCount; i++) {
            eventIds.add(in.readLong());
        }
        return new SessionState(interactions, purchased, eventIds, eventCount, seq, newestEventTs, vector);
    }

    private static int capacity(int entries) {
        return (int) (entries / 0.75f) + 1;
    }

    /**
     * The session vector is informational (served over HTTP, never fed back to the model), so it is kept as
     * bfloat16: float32's range, about 3 significant digits, half the bytes. Round to nearest even.
     */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    static float fromBfloat16(short value) {
        return Float.intBitsToFloat((value & 0xFFFF) << 16);
    }
}
