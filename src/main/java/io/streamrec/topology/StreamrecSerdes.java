package io.streamrec.topology;

import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.session.SessionCodec;
import io.streamrec.session.SessionState;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Kafka serdes for the domain types; the event deserializer validates and throws on bad input. */
final class StreamrecSerdes {
    private StreamrecSerdes() {
    }

    static Serde<Event> events(EventCodec codec) {
        return Serdes.serdeFrom((topic, event) -> codec.write(event), (topic, bytes) -> codec.parse(bytes));
    }

    static Serde<SessionState> sessions() {
        return Serdes.serdeFrom((topic, state) -> SessionCodec.encode(state),
                (topic, bytes) -> bytes == null ? null : SessionCodec.decode(bytes));
    }

}
