package io.streamrec.topology;

import io.streamrec.config.CatalogConfig;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventFields;
import io.streamrec.events.RejectReason;
import io.streamrec.kafka.Topic;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.SessionModel;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.VariantModels;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole streamrec data flow, in one place:
 * <pre>
 * events.click ─┐                  on the user's partition, key = user ─┐
 * events.cart  ─┼─ parse+validate ─┤                                     ├─ update-session ─ refresh-lists ─→ recommendations
 * events.purchase┘   │             └ elsewhere ─ re-key ─ repartition ───┘   (sessions)      (pending, latest;
 *                    └─ invalid ─→ streamrec.dlq (Kafka's DLQ handler)                        ONNX model, batched)
 *                                                                        │   ↑ lookups (global stores, every instance)
 *                                                                        ├─ count-trending ─→ streamrec.trending ─┐
 *                                                                        └─ count-copurchases ─→ streamrec.copurchases
 * items ── check-catalog ─→ streamrec.catalog          (bad records ─→ streamrec.dlq)                            │
 *   streamrec.catalog, streamrec.trending, streamrec.copurchases ─→ global stores catalog, trending, copurchases ─┘
 * user-deletions ── on the user's partition / elsewhere ─ repartition ── erase-user ─→ tombstone to recommendations
 * </pre>
 * "The user's partition" is {@code murmur2(user) % partitions}, Kafka Streams' own choice for the stores. The deletions
 * topic has as many partitions as the event topics (checked at start): erase-user shares the stores of the other
 * two processors, so partition i of every source topic belongs to the same task. Trending and co-purchases are
 * counted per task (a task holds a share of the users) and published per partition; readers merge the partitions.
 */
public final class RecommenderTopology {
    public static final String SESSION_STORE = "sessions";
    public static final String PENDING_STORE = "pending-refresh";
    public static final String LATEST_STORE = "recommendations-latest";
    public static final String ERASURES_STORE = "erased-users";
    public static final String EVENTS_BY_USER = "events-by-user";
    public static final String DELETIONS_BY_USER = "deletions-by-user";
    private static final String[] USER_STORES = {SESSION_STORE, PENDING_STORE, LATEST_STORE, ERASURES_STORE};

    private RecommenderTopology() {
    }

    /**
     * @param partitions the partition count of the event and deletions topics (equal, see {@code TopicLayout}):
     *                   a user's records belong to partition {@code murmur2(user) % partitions}
     */
    public static Topology build(StreamrecConfig config, int partitions, ModelHolder models, PipelineMetrics metrics,
                                 Clock clock) {
        return build(config, partitions, models, variantsOf(config, models, clock), new OnlineFeedback(), metrics,
                clock);
    }

    /** The variants of one instance: the model it started with until {@code model-updates} announces others. */
    public static VariantModels variantsOf(StreamrecConfig config, ModelHolder models, Clock clock) {
        return new VariantModels(models, config.variantsSalt(), dir -> SessionModel.load(dir, config.inferenceOptions()),
                clock);
    }

    /**
     * @param models   the model the instance started with (the {@code default} variant)
     * @param variants what each user is served by, kept up to date from {@code model-updates}
     * @param feedback where each event stood in the list its user was last sent, per variant
     */
    public static Topology build(StreamrecConfig config, int partitions, ModelHolder models, VariantModels variants,
                                 OnlineFeedback feedback, PipelineMetrics metrics, Clock clock) {
        Topics topics = new Topics(config, new EventCodec(config.eventLimits(), clock));
        StreamsBuilder builder = new StreamsBuilder();
        addUserStores(builder, config.catalog().enabled());
        if (config.feedbackEnabled()) {
            builder.addStateStore(Stores.keyValueStoreBuilder(store(RecordFeedbackProcessor.STORE), Serdes.String(),
                    Serdes.ByteArray()).withCachingEnabled());
        }

        SharedVersions versions = new SharedVersions();
        CatalogConfig catalog = config.catalog();
        if (catalog.enabled()) {
            addSharedStores(builder, topics, versions);
            builder.stream(topics.catalog().name(), topics.catalog().consumed())
                    .process(() -> new CheckCatalogProcessor(catalog.codec()), Named.as("check-catalog"))
                    .to(topics.checkedCatalog().name(), topics.checkedCatalog().produced());
        }

        KStream<String, Event> events = builder.stream(Topics.eventTopicNames(),
                Consumed.with(Serdes.String(), topics.eventSerde()).withTimestampExtractor(new EventTimeExtractor()));
        KStream<String, SessionUpdate> updates = byUser(events, (key, event) -> event.user(), topics.eventSerde(),
                EVENTS_BY_USER, partitions, metrics)
                .process(() -> new UpdateSessionProcessor(config.sessionBounds(), config.sessionTtl(),
                                config.maxFutureSkew(), config.sessionExpiryStep(), metrics),
                        Named.as("update-session"), USER_STORES);
        if (config.feedbackEnabled()) {
            // first among update-session's children: it must read the list sent before this event replaces it
            updates.process(() -> new RecordFeedbackProcessor(feedback, metrics, config.feedbackWindow(),
                            config.topK()), Named.as("record-feedback"), LATEST_STORE, RecordFeedbackProcessor.STORE)
                    .to(config.feedbackTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        }
        updates.process(() -> new RefreshListsProcessor(models, variants, config.ranking(), catalog, partitions, versions,
                                new BatchScorer(config.batchMaxSize(), config.inferenceEnabled(), metrics),
                                config.batchMaxSize(), config.batchMaxDelay(), metrics, clock),
                        Named.as("refresh-lists"), USER_STORES)
                .to(topics.recommendations().name(), topics.recommendations().produced());
        if (catalog.enabled()) {
            updates.process(() -> new CountTrendingProcessor(catalog.trending(), models,
                                    catalog.trendingPublishInterval(), versions),
                            Named.as("count-trending"), CountTrendingProcessor.STORE)
                    .to(topics.trending().name(), topics.trending().produced());
            updates.process(() -> new CountCoPurchasesProcessor(catalog.coPurchase()), Named.as("count-copurchases"),
                            CountCoPurchasesProcessor.STORE)
                    .to(topics.coPurchases().name(), topics.coPurchases().produced());
        }

        KStream<String, byte[]> deletions = builder.stream(topics.deletions().name(),
                topics.deletions().consumed().withTimestampExtractor(new RequestTimeExtractor()));
        BiFunction<String, byte[], String> requestedUser = (key, value) ->
                EventFields.id(key, "deletion key", RejectReason.MISSING_USER, config.maxFieldChars());
        byUser(deletions, requestedUser, topics.deletions().valueSerde(), DELETIONS_BY_USER, partitions, metrics)
                .process(() -> new EraseUserProcessor(metrics, clock), Named.as("erase-user"),
                        USER_STORES)
                .to(topics.recommendations().name(), topics.recommendations().produced());
        return builder.build();
    }

    /**
     * The records of each user on the task that owns the user: those already on the user's partition under the
     * user's key go straight on; the others take one hop through a repartition topic.
     */
    private static <V> KStream<String, V> byUser(KStream<String, V> input, BiFunction<String, V, String> userOf,
                                                 Serde<V> valueSerde, String name, int partitions,
                                                 PipelineMetrics metrics) {
        KStream<String, V> inPlace = input.process(() -> RouteByUser.inPlace(partitions, userOf),
                Named.as(name + "-in-place"));
        KStream<String, V> rerouted = input.process(() -> RouteByUser.misplaced(partitions, userOf, metrics),
                        Named.as(name + "-misplaced"))
                .repartition(Repartitioned.with(Serdes.String(), valueSerde).withName(name));
        return inPlace.merge(rerouted, Named.as(name));
    }

    /**
     * The state every task reads: the checked catalog and every task's published trending and co-purchases, each a
     * global store over its topic (the topic is its changelog).
     */
    private static void addSharedStores(StreamsBuilder builder, Topics topics, SharedVersions versions) {
        addGlobal(builder, SharedLookups.CATALOG_STORE, topics.checkedCatalog(), versions::catalogWritten);
        addGlobal(builder, SharedLookups.TRENDING_STORE, topics.trending(), versions::trendingWritten);
        addGlobal(builder, SharedLookups.COPURCHASES_STORE, topics.coPurchases(), key -> { });
    }

    private static void addGlobal(StreamsBuilder builder, String store, Topic<String, byte[]> topic,
                                  Consumer<String> written) {
        builder.addGlobalStore(Stores.keyValueStoreBuilder(store(store), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                topic.name(), topic.consumed(), () -> new GlobalStoreWriter(store, written));
    }

    /** Cached stores: repeated writes to one key within a commit interval reach RocksDB and the changelog once. */
    private static void addUserStores(StreamsBuilder builder, boolean counting) {
        builder.addStateStore(Stores.keyValueStoreBuilder(store(SESSION_STORE), Serdes.String(),
                StreamrecSerdes.sessions()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(PENDING_STORE), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(LATEST_STORE), Serdes.String(), Serdes.ByteArray())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(ERASURES_STORE), Serdes.String(), ErasureMarker.serde())
                .withCachingEnabled());
        if (!counting) {
            return;
        }
        builder.addStateStore(Stores.keyValueStoreBuilder(store(CountTrendingProcessor.STORE), Serdes.String(),
                Serdes.Double()).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(store(CountCoPurchasesProcessor.STORE), Serdes.String(),
                Serdes.ByteArray()).withCachingEnabled());
    }

    private static KeyValueBytesStoreSupplier store(String name) {
        return Stores.persistentKeyValueStore(name);
    }
}
