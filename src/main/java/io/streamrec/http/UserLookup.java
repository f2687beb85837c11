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

/**
 * Finds which instance owns a user (Kafka Streams metadata: the group's own members, each at its
 * {@code application.server}) and reads the local stores.
 */
final class UserLookup implements UserDirectory {
    private final KafkaStreams streams;
    private final HostInfo self;

    UserLookup(KafkaStreams streams, String applicationServer) {
        this.streams = streams;
        this.self = HostInfo.buildFromEndpoint(applicationServer);
    }

    @Override
    public Owner owner(String user) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(RecommenderTopology.LATEST_STORE, user,
                    Serdes.String().serializer());
        } catch (IllegalStateException e) {
            return Owner.UNAVAILABLE;
        }
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return Owner.UNAVAILABLE;
        }
        HostInfo host = metadata.activeHost();
        return new Owner(host.equals(self), authority(host), false);
    }

    /** {@code host:port}, an IPv6 literal in brackets. */
    static String authority(HostInfo host) {
        return (host.host().contains(":") ? "[" + host.host() + "]" : host.host()) + ":" + host.port();
    }

    @Override
    public byte[] localRecommendation(String user) {
        return this.<byte[]>store(RecommenderTopology.LATEST_STORE).get(user);
    }

    @Override
    public SessionState localSession(String user) {
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
