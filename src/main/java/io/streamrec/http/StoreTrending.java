package io.streamrec.http;

import io.streamrec.catalog.DecayedCounter;
import io.streamrec.catalog.Trending;
import io.streamrec.topology.SharedTrending;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link TrendingReader} over the app's global trending store. */
final class StoreTrending implements TrendingReader {
    private final KafkaStreams streams;
    private final int partitions;
    private final Trending trending;

    StoreTrending(KafkaStreams streams, int partitions, Trending trending) {
        this.streams = streams;
        this.partitions = partitions;
        this.trending = trending;
    }

    @Override
    public DecayedCounter scope(String scope) {
        ReadOnlyKeyValueStore<String, byte[]> store;
        try {
            store = streams.store(StoreQueryParameters.fromNameAndType(SharedTrending.STORE,
                    QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("trending is not queryable now: " + e.getMessage(), e);
        }
        return SharedTrending.merged(store::get, scope, partitions, trending);
    }
}
