package io.streamrec.session;

import io.streamrec.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeVarLong(out, state.eventCount());
            writeVarLong(out, state.seq());
            writeVarLong(out, state.newestEventTs());
            List<Interaction> interactions = state.interactions();
            writeVarLong(out, interactions.size());
            long previousTs = 0;
            for (Interaction interaction : interactions) {
                writeString(out, interaction.item());
                // the type's 2 bits ride in the same var-long as the timestamp delta
                writeVarLong(out, zigZag(interaction.ts() - previousTs) << 2 | interaction.type().index());
                previousTs = interaction.ts();
            }
            writeVarLong(out, state.purchased().size());
            for (String item : state.purchased()) {
                writeString(out, item);
            }
            float[] vector = state.sessionVector();
            writeVarLong(out, vector.length);
            for (float value : vector) {
                out.writeShort(toBfloat16(value));
            }
            writeVarLong(out, state.recentEventIds().size());
            for (long fingerprint : state.recentEventIds()) {
                out.writeLong(fingerprint);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SessionState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("unknown session state version " + version);
            }
            long eventCount = readVarLong(in);
            long seq = readVarLong(in);
            long newestEventTs = readVarLong(in);
            int count = (int) readVarLong(in);
            List<Interaction> interactions = new ArrayList<>(count + 1);
            long ts = 0;
            for (int i = 0; i < count; i++) {
                String item = version >= 3 ? readString(in) : in.readUTF();
                EventType type;
                if (version >= 3) {
                    long packed = readVarLong(in);
                    type = EventType.fromIndex((byte) (packed & 3));
                    ts += unZigZag(packed >>> 2);
                } else {
                    type = EventType.fromIndex(in.readByte());
                    ts += unZigZag(readVarLong(in));
                }
                interactions.add(new Interaction(item, type, ts));
            }
            int purchasedCount = (int) readVarLong(in);
            LinkedHashSet<String> purchased = new LinkedHashSet<>();
            for (int i = 0; i < purchasedCount; i++) {
                purchased.add(version >= 3 ? readString(in) : in.readUTF());
            }
            float[] vector = new float[(int) readVarLong(in)];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = version >= 3 ? fromBfloat16(in.readShort()) : in.readFloat();
            }
            LinkedHashSet<Long> eventIds = new LinkedHashSet<>();
            int idCount = version == 1 ? 0 : (int) readVarLong(in);
            for (int i = 0; i < idCount; i++) {
                eventIds.add(version >= 3 ? in.readLong() : EventIdFingerprint.of(in.readUTF()));
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

    /** UTF-8 with a var-long length: one byte of length for any id under 128 bytes. */
    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeVarLong(out, utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[(int) readVarLong(in)];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static void writeVarLong(DataOutputStream out, long value) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
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
}
