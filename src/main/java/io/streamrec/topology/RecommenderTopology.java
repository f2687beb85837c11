package io.streamrec.topology;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.session.SessionState;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole streamrec data flow, in one place:
 * <pre>
 * events.click ─┐                 key == user ───────────────────────┐
 * events.cart  ─┼─ parse+validate ┤                                   ├─ update-session ─ refresh-lists ─→ recommendations
 * events.purchase┘   │            key != user ─ re-key ─ repartition ─┘   (sessions)      (pending, latest;
 *                    └─ invalid ─→ streamrec.dlq (Kafka's DLQ handler)                      ONNX model, batched)
 * user-deletions ─────────────────────────────────────── erase-user ─→ tombstone to recommendations
 * </pre>
 * The deletions topic must have as many partitions as the event topics: erase-user shares the stores of the
 * other two processors, so partition i of every source topic belongs to the same task.
 */
public final class RecommenderTopology {
    public static final String SESSION_STORE = "sessions";
    public static final String PENDING_STORE = "pending-refresh";
    public static final String LATEST_STORE = "recommendations-latest";
    public static final String ERASURES_STORE = "erased-users";
    public static final String REPARTITION_NAME = "events-by-user";
    private static final String[] USER_STORES = {SESSION_STORE, PENDING_STORE, LATEST_STORE, ERASURES_STORE};

    private RecommenderTopology() {
    }

    public static Topology build(StreamrecConfig config, ModelHolder models, PipelineMetrics metrics, Clock clock) {
        Topics topics = new Topics(config, new EventCodec(config.eventLimits(), clock));
        StreamsBuilder builder = new StreamsBuilder();
        addUserStores(builder);

        KStream<String, Event> events = builder.stream(Topics.eventTopicNames(),
                Consumed.with(Serdes.String(), topics.eventSerde()).withTimestampExtractor(new EventTimeExtractor()));
        Map<String, KStream<String, Event>> byKey = events.split(Named.as("key-"))
                .branch((key, event) -> event.user().equals(key), Branched.as("is-user"))
                .defaultBranch(Branched.as("not-user"));
        KStream<String, Event> rekeyed = byKey.get("key-not-user")
                .selectKey((key, event) -> event.user(), Named.as("key-by-user"))
                .repartition(Repartitioned.with(Serdes.String(), topics.eventSerde()).withName(REPARTITION_NAME));

        byKey.get("key-is-user").merge(rekeyed, Named.as("events-keyed-by-user"))
                .process(() -> new UpdateSessionProcessor(config.sessionBounds(), config.sessionTtl(), metrics),
                        Named.as("update-session"), USER_STORES)
                .process(() -> new RefreshListsProcessor(models, config.rankingRules(),
                                new BatchScorer(config.batchMaxSize(), config.inferenceEnabled(), metrics),
                                config.batchMaxSize(), config.batchMaxDelay(), metrics, clock),
                        Named.as("refresh-lists"), USER_STORES)
                .to(topics.recommendations().name(), topics.recommendations().produced());

        builder.stream(topics.deletions().name(), topics.deletions().consumed())
                .process(() -> new EraseUserProcessor(metrics), Named.as("erase-user"), USER_STORES)
                .to(topics.recommendations().name(), topics.recommendations().produced());
        return builder.build();
    }

    /** Cached stores: repeated writes to one key within a commit interval reach RocksDB and the changelog once. */
    private static void addUserStores(StreamsBuilder builder) {
        builder.addStateStore(Stores.keyValueStoreBuilder(store(SESSION_STORE), Serdes.String(),
                StreamrecSerdes.sessions()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(PENDING_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(LATEST_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(ERASURES_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
    }

    private static KeyValueBytesStoreSupplier store(String name) {
        return Stores.persistentKeyValueStore(name);
    }
}
