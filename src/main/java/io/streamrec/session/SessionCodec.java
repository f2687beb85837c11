package io.streamrec.session;

import io.streamrec.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Compact binary form of {@link SessionState} for the RocksDB store and its changelog.
 * Layout (version 2): version byte, counters as var-longs, interactions as (item, type byte, ts delta var-long),
 * purchased items, the session vector as raw floats, then recent event ids. Strings are length-prefixed UTF-8.
 * Version 1 (without event ids) is still read.
 */
public final class SessionCodec {
    private static final byte VERSION = 2;

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
                out.writeUTF(interaction.item());
                out.writeByte(interaction.type().index());
                writeVarLong(out, zigZag(interaction.ts() - previousTs));
                previousTs = interaction.ts();
            }
            writeVarLong(out, state.purchased().size());
            for (String item : state.purchased()) {
                out.writeUTF(item);
            }
            float[] vector = state.sessionVector();
            writeVarLong(out, vector.length);
            for (float value : vector) {
                out.writeFloat(value);
            }
            writeVarLong(out, state.recentEventIds().size());
            for (String id : state.recentEventIds()) {
                out.writeUTF(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static SessionState decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION && version != 1) {
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
            LinkedHashSet<String> eventIds = new LinkedHashSet<>();
            int idCount = version == 1 ? 0 : (int) readVarLong(in);
            for (int i = 0; i < idCount; i++) {
                eventIds.add(in.readUTF());
            }
            return new SessionState(interactions, purchased, eventIds, eventCount, seq, newestEventTs, vector);
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt session state", e);
        }
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
