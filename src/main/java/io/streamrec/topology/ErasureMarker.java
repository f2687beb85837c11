package io.streamrec.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What is kept of an erased user: when the request was made (its record timestamp) and the highest list sequence
 * number the user had, so a returning user's lists continue above it.
 */
record ErasureMarker(long erasedAt, long seqFloor) {

    ErasureMarker merge(ErasureMarker earlier) {
        return earlier == null ? this
                : new ErasureMarker(Math.max(erasedAt, earlier.erasedAt), Math.max(seqFloor, earlier.seqFloor));
    }

    /** Two longs; a value of one long (markers written before the floor existed) reads as floor 0. */
    static Serde<ErasureMarker> serde() {
        return Serdes.serdeFrom(
                (topic, marker) -> ByteBuffer.allocate(16).putLong(marker.erasedAt).putLong(marker.seqFloor).array(),
                (topic, bytes) -> {
                    if (bytes == null) {
                        return null;
                    }
                    ByteBuffer buffer = ByteBuffer.wrap(bytes);
                    return new ErasureMarker(buffer.getLong(), buffer.remaining() >= 8 ? buffer.getLong() : 0);
                });
    }
}
