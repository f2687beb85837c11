package io.streamrec.tools.bench;

import io.streamrec.app.StreamrecApp;
import io.streamrec.session.SessionCodec;
import io.streamrec.session.SessionState;
import io.streamrec.topology.RecommenderTopology;
import java.lang.management.ManagementFactory;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Bytes of state per user, read from the scored run's session store, and the heap in use at that moment. */
public record StateFootprint(long users, double bytesPerUser, int maxInteractions, long heapUsedBytes) {
    static StateFootprint of(StreamrecApp app) {
        ReadOnlyKeyValueStore<String, SessionState> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                RecommenderTopology.SESSION_STORE, QueryableStoreTypes.<String, SessionState>keyValueStore()));
        long users = 0;
        long bytes = 0;
        int longest = 0;
        try (KeyValueIterator<String, SessionState> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                users++;
                bytes += entry.key.length() + SessionCodec.encode(entry.value).length;
                longest = Math.max(longest, entry.value.interactions().size());
            }
        }
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new StateFootprint(users, users == 0 ? 0 : (double) bytes / users, longest, heap);
    }
}
