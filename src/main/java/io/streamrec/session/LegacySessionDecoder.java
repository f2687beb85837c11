package io.streamrec.session;

import io.streamrec.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Reads the session formats written before version 3, so that a rolling upgrade needs no migration; each state
 * is rewritten as version 3 on its next update.
 * <ul>
 *   <li>Version 2: counters as var-longs, interactions as (modified-UTF-8 item, type byte, var-long of the
 *       zig-zagged ts delta), purchased items, the session vector as float32, the recent event ids as strings.
 *   <li>Version 1: the same without the event ids.
 * </ul>
 */
final class LegacySessionDecoder {
    private LegacySessionDecoder() {
    }

    static SessionState decode(byte[] data) {
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
                ts += SessionBytes.unZigZag(readVarLong(in));
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
