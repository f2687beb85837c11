package io.streamrec.topology;

import io.streamrec.session.SessionCodec;
import io.streamrec.session.SessionState;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The serde of the session store (topic serdes are in {@link io.streamrec.kafka.Topics}). */
final class StreamrecSerdes {
    private StreamrecSerdes() {
    }

    static Serde<SessionState> sessions() {
        return Serdes.serdeFrom((topic, state) -> SessionCodec.encode(state),
                (topic, bytes) -> bytes == null ? null : SessionCodec.decode(bytes));
    }
}
