package io.streamrec.session;

import io.streamrec.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Compact binary form of {@link SessionState} for the RocksDB store and its changelog.
 * Layout (version 3): version byte, counters as var-longs, interactions as (item, var-long of the zig-zagged ts
 * delta shifted left by 2 with the event type in the low bits), purchased items, the session vector as bfloat16,
 * then the recent event ids' 8-byte fingerprints. Strings are UTF-8 after a var-long length. About 850 bytes for
 * 50 interactions with 10-character ids. Versions 1 (no event ids) and 2 (type byte, float32, id strings) are
 * still read, so a rolling upgrade needs no migration; an older app cannot read version 3.
 */
public final class SessionCodec {
    private static final byte VERSION = 3;

    private SessionCodec() {
    }

    public static byte[] encode(SessionState state) {
        Output out = new Output(64 + 16 * state.interactions().size() + 2 * state.sessionVector().length
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
            out.writeVarLong(zigZag(interaction.ts() - previousTs) << 2 | interaction.type().index());
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
                return decodeCurrent(new Input(data));
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("corrupt session state", e);
            }
        }
        return decodeLegacy(data);
    }

    /** Version 3, read straight from the array (this runs for every event: no streams, no locks). */
    private static SessionState decodeCurrent(Input in) {
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
            ts += unZigZag(packed >>> 2);
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

    /** Versions 1 and 2, written before this one: read on upgrade, rewritten as version 3 on the next update. */
    private static SessionState decodeLegacy(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != 1 && version != 2) {
                throw new IllegalArgumentException("unknown session state version " + version);
            }
            long eventCount = readVarLong(in);
            long seq = readVarLong(in);
            long newestEventTs = readVarLong(in);
            int count = (int) readVarLong(in);
            List<Interaction> interactions = new ArrayList<>(count + 1);
            long ts = 0;
            for (int i = 0; i < count; i++) {
                String item = in.readUTF();
                EventType type = EventType.fromIndex(in.readByte());
                ts += unZigZag(readVarLong(in));
                interactions.add(new Interaction(item, type, ts));
            }
            int purchasedCount = (int) readVarLong(in);
            LinkedHashSet<String> purchased = new LinkedHashSet<>();
            for (int i = 0; i < purchasedCount; i++) {
                purchased.add(in.readUTF());
            }
            float[] vector = new float[(int) readVarLong(in)];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = in.readFloat();
            }
            LinkedHashSet<Long> eventIds = new LinkedHashSet<>();
            int idCount = version == 1 ? 0 : (int) readVarLong(in);
            for (int i = 0; i < idCount; i++) {
                eventIds.add(EventIdFingerprint.of(in.readUTF()));
            }
            return new SessionState(interactions, purchased, eventIds, eventCount, seq, newestEventTs, vector);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt session state", e);
        }
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

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("var-long too long");
    }

    /** A growing byte array: what DataOutputStream does, without its synchronized ByteArrayOutputStream. */
    private static final class Output {
        private byte[] bytes;
        private int size;

        Output(int capacity) {
            bytes = new byte[capacity];
        }

        void writeByte(int value) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            bytes[size++] = (byte) value;
        }

        void writeShort(short value) {
            writeByte(value >>> 8);
            writeByte(value);
        }

        void writeLong(long value) {
            for (int shift = 56; shift >= 0; shift -= 8) {
                writeByte((int) (value >>> shift));
            }
        }

        void writeVarLong(long value) {
            while ((value & ~0x7FL) != 0) {
                writeByte((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            writeByte((int) value);
        }

        /** UTF-8 with a var-long length: one byte of length for any id under 128 bytes. */
        void writeString(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            if (size + utf8.length > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + utf8.length));
            }
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** A cursor over the encoded bytes; running past the end throws IndexOutOfBoundsException. */
    private static final class Input {
        private final byte[] bytes;
        private int position;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        byte readByte() {
            return bytes[position++];
        }

        short readShort() {
            return (short) ((readByte() & 0xFF) << 8 | (readByte() & 0xFF));
        }

        long readLong() {
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = value << 8 | (readByte() & 0xFF);
            }
            return value;
        }

        long readVarLong() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = readByte();
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("corrupt session state: var-long too long");
        }

        String readString() {
            int length = (int) readVarLong();
            if (length < 0 || position + length > bytes.length) {
                throw new IndexOutOfBoundsException("string of " + length + " bytes at " + position);
            }
            String value = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return value;
        }
    }
}
