package io.streamrec.it;

import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.app.StreamrecApp;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.ranking.Recommendation;
import io.streamrec.ranking.RecommendationCodec;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.Vocabulary;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import io.streamrec.topology.RecommenderTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The end-to-end check shared by the embedded-broker and Testcontainers integration tests: a few hundred users
 * send events over all three topics; every user must end with a list reflecting their newest event and free of
 * their purchases; after a restart from a wiped state directory (restore from the changelog) every stored
 * sequence must equal what was sent — nothing lost, nothing doubled.
 */
final class EndToEndScenario {
    private static final int USERS = 300;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String bootstrap;
    private final Path stateDir;
    private final EventCodec codec = new EventCodec();
    private final Random random = new Random(11);
    private final Map<String, List<Event>> sent = new HashMap<>();
    private final Map<String, Recommendation> latest = new HashMap<>();
    private long clock = System.currentTimeMillis() - 3_600_000;

    EndToEndScenario(String bootstrap, Path stateDir) {
        this.bootstrap = bootstrap;
        this.stateDir = stateDir;
    }

    void run() throws Exception {
        TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of(
                "bootstrap.servers", bootstrap,
                "application.id", "streamrec-it-" + UUID.randomUUID(),
                "state.dir", stateDir.toString(),
                "model.dir", TestModels.DEMO_MODEL.toString(),
                "device", "cpu"));
        try (ModelHolder models = new ModelHolder(TestModels.demoModel());
             KafkaConsumer<String, byte[]> consumer = recommendationsConsumer(config)) {
            Vocabulary vocab = models.current().vocabulary();

            StreamrecApp app = startApp(config, models);
            produce(vocab, 6);
            awaitEveryUserUpToDate(consumer);
            assertPurchasesNeverRecommended();
            assertNoUnsafeGaugeHandedOut(app);
            app.close(Duration.ofSeconds(30));

            deleteRecursively(stateDir);
            app = startApp(config, models);
            produce(vocab, 1);
            awaitEveryUserUpToDate(consumer);
            assertPurchasesNeverRecommended();
            assertStoredSequencesMatchWhatWasSent(app);
            app.close(Duration.ofSeconds(30));
        }
    }

    /** Readers of {@code metrics()} (Micrometer, /metrics) see the stores' metrics but never the crashing gauge. */
    private static void assertNoUnsafeGaugeHandedOut(StreamrecApp app) {
        var names = app.streams().metrics().keySet();
        assertTrue(names.stream().anyMatch(n -> n.group().equals("stream-state-metrics")), "store metrics exist");
        assertTrue(names.stream().noneMatch(n -> n.name().equals("uncommitted-bytes")), names.toString());
    }

    private StreamrecApp startApp(StreamrecConfig config, ModelHolder models) throws InterruptedException {
        StreamrecApp app = new StreamrecApp(config, models, new PipelineMetrics());
        app.start();
        assertTrue(app.awaitRunning(WAIT), "app did not reach RUNNING");
        return app;
    }

    /** Sends up to {@code perUser} events for every user: known and unknown items, all types, some mis-keyed. */
    private void produce(Vocabulary vocab, int perUser) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (int user = 0; user < USERS; user++) {
                String id = "it-user-" + user;
                int count = 1 + random.nextInt(perUser);
                for (int i = 0; i < count; i++) {
                    EventType type = EventType.values()[random.nextInt(10) < 7 ? 0 : 1 + random.nextInt(2)];
                    String item = random.nextInt(20) == 0 ? "unknown-" + random.nextInt(1000)
                            : vocab.item(1 + random.nextInt(Math.min(vocab.size(), 300)));
                    Event event = Event.of(id, item, type, clock += 7);
                    String key = random.nextInt(10) == 0 ? null : id;
                    producer.send(new ProducerRecord<>(Topics.eventTopic(type), key, codec.write(event))).get();
                    sent.computeIfAbsent(id, u -> new ArrayList<>()).add(event);
                }
            }
        }
    }

    private void awaitEveryUserUpToDate(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<String> behind = new HashSet<>(sent.keySet());
        while (!behind.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                Recommendation rec = RecommendationCodec.read(record.value());
                assertEquals(record.key(), rec.user());
                latest.merge(rec.user(), rec, (old, now) -> now.seq() > old.seq() ? now : old);
            }
            behind.removeIf(user -> latest.containsKey(user) && latest.get(user).eventTs() == newestTs(user));
        }
        assertTrue(behind.isEmpty(), behind.size() + " users have no list reflecting their newest event, e.g. "
                + behind.stream().limit(5).toList());
    }

    private void assertPurchasesNeverRecommended() {
        for (var entry : sent.entrySet()) {
            Set<String> bought = new HashSet<>();
            entry.getValue().stream().filter(e -> e.type() == EventType.PURCHASE).forEach(e -> bought.add(e.item()));
            List<String> items = latest.get(entry.getKey()).items().stream().map(ScoredItem::item).toList();
            assertEquals(10, items.size());
            assertFalse(items.stream().anyMatch(bought::contains), entry.getKey() + " was recommended a purchase");
        }
    }

    private void assertStoredSequencesMatchWhatWasSent(StreamrecApp app) {
        ReadOnlyKeyValueStore<String, SessionState> store = app.streams().store(StoreQueryParameters.fromNameAndType(
                RecommenderTopology.SESSION_STORE, QueryableStoreTypes.keyValueStore()));
        for (var entry : sent.entrySet()) {
            List<Interaction> expected = entry.getValue().stream()
                    .sorted(Comparator.comparingLong(Event::ts))
                    .map(e -> new Interaction(e.item(), e.type(), e.ts())).toList();
            SessionState state = store.get(entry.getKey());
            assertEquals(expected, state.interactions(), "sequence of " + entry.getKey());
            assertEquals(expected.size(), state.eventCount());
        }
    }

    private long newestTs(String user) {
        return sent.get(user).stream().mapToLong(Event::ts).max().orElseThrow();
    }

    private KafkaConsumer<String, byte[]> recommendationsConsumer(StreamrecConfig config) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(config.recommendationsTopic()));
        return consumer;
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
