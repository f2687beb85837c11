package io.streamrec.topology;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole streamrec data flow, in one place:
 * <pre>
 * events.click ─┐                 key == user ───────────────────────┐
 * events.cart  ─┼─ parse+validate ┤                                   ├─ recommend ─→ recommendations
 * events.purchase┘   │            key != user ─ re-key ─ repartition ─┘   │  (sessions, pending stores)
 *                    └─ invalid ─→ streamrec.dlq (Kafka's DLQ handler)     └─ ONNX model, batched
 * user-deletions ──────────────────────────────────────── erase-user ─→ tombstone to recommendations
 * </pre>
 * The deletions topic must have as many partitions as the event topics: erase-user shares the stores of the
 * recommend processor, so partition i of every source topic belongs to the same task.
 */
public final class RecommenderTopology {
    public static final String SESSION_STORE = "sessions";
    public static final String PENDING_STORE = "pending-refresh";
    public static final String LATEST_STORE = "recommendations-latest";
    public static final String ERASURES_STORE = "erased-users";
    public static final String REPARTITION_NAME = "events-by-user";
    public static final List<String> INPUT_TOPICS =
            Arrays.stream(EventType.values()).map(EventType::topic).toList();

    private RecommenderTopology() {
    }

    public static Topology build(StreamrecConfig config, ModelHolder models, PipelineMetrics metrics, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        // Cached stores: writes to one key within a commit interval (the session's put per event and per list, the
        // pending entry's put and delete) reach RocksDB and the changelog once, at the commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(SESSION_STORE), Serdes.String(), StreamrecSerdes.sessions())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PENDING_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LATEST_STORE), Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(ERASURES_STORE), Serdes.String(), Serdes.Long()).withCachingEnabled());

        Serde<Event> eventSerde = StreamrecSerdes.events(new EventCodec(config.eventLimits(), clock));
        KStream<String, Event> events = builder.stream(INPUT_TOPICS,
                Consumed.with(Serdes.String(), eventSerde).withTimestampExtractor(new EventTimeExtractor()));

        Map<String, KStream<String, Event>> byKey = events.split(Named.as("key-"))
                .branch((key, event) -> event.user().equals(key), Branched.as("is-user"))
                .defaultBranch(Branched.as("not-user"));
        KStream<String, Event> rekeyed = byKey.get("key-not-user")
                .selectKey((key, event) -> event.user(), Named.as("key-by-user"))
                .repartition(Repartitioned.with(Serdes.String(), eventSerde).withName(REPARTITION_NAME));

        byKey.get("key-is-user").merge(rekeyed, Named.as("events-keyed-by-user"))
                .process(() -> new RecommendProcessor(config, models, metrics, clock),
                        Named.as("recommend"), SESSION_STORE, PENDING_STORE, LATEST_STORE, ERASURES_STORE)
                .to(config.recommendationsTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));

        builder.stream(config.deletionsTopic(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new EraseUserProcessor(metrics),
                        Named.as("erase-user"), SESSION_STORE, PENDING_STORE, LATEST_STORE, ERASURES_STORE)
                .to(config.recommendationsTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }
}
