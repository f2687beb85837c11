package io.streamrec.topology;

import io.streamrec.session.SessionState;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/** The per-user stores that the recommend and erase-user processors share (one task, one partition of users). */
record UserStores(KeyValueStore<String, SessionState> sessions, KeyValueStore<String, Long> pending,
                  KeyValueStore<String, byte[]> latest, KeyValueStore<String, ErasureMarker> erasures) {

    static UserStores of(ProcessorContext<?, ?> context) {
        return new UserStores(context.getStateStore(RecommenderTopology.SESSION_STORE),
                context.getStateStore(RecommenderTopology.PENDING_STORE),
                context.getStateStore(RecommenderTopology.LATEST_STORE),
                context.getStateStore(RecommenderTopology.ERASURES_STORE));
    }

    /** Removes the user's session, pending refresh and latest list (TTL expiry, erasure). */
    void forget(String user) {
        sessions.delete(user);
        pending.delete(user);
        latest.delete(user);
    }
}
