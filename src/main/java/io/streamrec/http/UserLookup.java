package io.streamrec.http;

import io.streamrec.session.SessionState;
import io.streamrec.topology.RecommenderTopology;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Finds which instance owns a user (Kafka Streams metadata) and reads the local stores. */
final class UserLookup {
    /** Where a user's state lives: here, at {@code hostPort}, or nowhere right now (rebalancing). */
    record Owner(boolean local, String hostPort, boolean unavailable) {
    }

    private final KafkaStreams streams;
    private final String self;

    UserLookup(KafkaStreams streams, String self) {
        this.streams = streams;
        this.self = self;
    }

    Owner owner(String user) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(RecommenderTopology.LATEST_STORE, user,
                    Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return new Owner(false, null, true);
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return new Owner(false, null, true);
        }
        HostInfo host = metadata.activeHost();
        String hostPort = host.host() + ":" + host.port();
        return new Owner(hostPort.equals(self), hostPort, false);
    }

    byte[] localRecommendation(String user) {
        return this.<byte[]>store(RecommenderTopology.LATEST_STORE).get(user);
    }

    SessionState localSession(String user) {
        return this.<SessionState>store(RecommenderTopology.SESSION_STORE).get(user);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException e) {
            throw new IllegalStateException("store " + name + " is not queryable now: " + e.getMessage(), e);
        }
    }
}
