package io.streamrec.topology;

import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.ranking.Recommendation;
import io.streamrec.events.RejectReason;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The topology on TopologyTestDriver with the real bundled model and real RocksDB stores. */
class RecommenderTopologyTest {
    private static final org.apache.kafka.common.serialization.Deserializer<Recommendation> READ_RECOMMENDATION =
            (topic, bytes) -> bytes == null ? null : io.streamrec.ranking.RecommendationCodec.read(bytes);
    private static ModelHolder models;

    private final EventCodec codec = new EventCodec();
    private final PipelineMetrics metrics = new PipelineMetrics();
    private TopologyTestDriver driver;
    private Map<EventType, TestInputTopic<String, byte[]>> inputs;
    private TestOutputTopic<String, Recommendation> recommendations;
    private TestOutputTopic<byte[], byte[]> dlq;
    private long start;
    private long now;
    /**
     * TopologyTestDriver reads every record from partition 0: with one partition every user is in place; with more,
     * a user whose murmur2 partition is not 0 takes the repartition hop ({@code RecommenderRoutingTest}).
     */
    private int partitions = 1;

    @BeforeAll
    static void loadModel() {
        models = new ModelHolder(TestModels.demoModel());
    }

    @AfterAll
    static void closeModel() {
        models.close();
    }

    @BeforeEach
    void startDriver() {
        startDriver(Map.of());
    }

    private void startDriver(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "batch.max.size", "8", "batch.max.delay.ms", "50", "session.max.len", "50",
                "session.ttl.ms", "600000"));
        settings.putAll(extra);
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), settings);
        driver = TopologyDrivers.start(config, partitions, models, metrics, Clock.systemUTC());
        inputs = new java.util.EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            inputs.put(type, driver.createInputTopic(Topics.eventTopic(type), new StringSerializer(), new ByteArraySerializer()));
        }
        recommendations = driver.createOutputTopic(config.recommendationsTopic(), new StringDeserializer(),
                READ_RECOMMENDATION);
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        start = System.currentTimeMillis() - 60_000;
        now = start;
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldEmitAModelRankedListForAUserWithKnownItems() {
        send("u1", known(0), EventType.CLICK);
        send("u1", known(1), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        Recommendation rec = single(recommendations.readKeyValuesToList()).value;
        assertEquals("u1", rec.user());
        assertEquals(10, rec.items().size());
        assertFalse(rec.coldStart());
        assertEquals(models.current().version(), rec.model());
        assertEquals(start + 1, rec.eventTs());
        assertEquals(rec.generatedAt(), rec.seq(), "a user's first list is numbered by its time");
        assertFalse(ids(rec).contains(known(1)), "the item just clicked is excluded by default");
        assertTrue(rec.items().get(0).score() >= rec.items().get(9).score(), "best first");

        KeyValueStore<String, byte[]> latest = driver.getKeyValueStore(RecommenderTopology.LATEST_STORE);
        assertEquals(rec, READ_RECOMMENDATION.deserialize("", latest.get("u1")),
                "the HTTP store holds the list that was emitted");

        SessionState state = sessions().get("u1");
        assertEquals(List.of(known(0), known(1)), state.interactions().stream().map(Interaction::item).toList());
        assertEquals(models.current().manifest().dim(), state.sessionVector().length);
    }

    @Test
    void shouldNeverRecommendAPurchasedItem() {
        send("u2", known(2), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        Recommendation first = recommendations.readValue();
        String favourite = first.items().get(0).item();

        send("u2", favourite, EventType.PURCHASE);
        send("u2", known(3), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        Recommendation after = recommendations.readValue();
        assertTrue(after.seq() > first.seq(), "seq grows");
        assertFalse(ids(after).contains(favourite), favourite + " was bought, yet recommended: " + ids(after));
        assertTrue(sessions().get("u2").purchased().contains(favourite));
    }

    @Test
    void shouldGiveAColdStartUserThePopularItems() {
        send("newcomer", "sku-never-seen-by-the-model", EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        Recommendation rec = recommendations.readValue();
        assertTrue(rec.coldStart());
        assertEquals(models.current().manifest().popularItems().subList(0, 10), ids(rec));
        assertEquals(1, metrics.coldStarts());
    }

    @Test
    void shouldDeadLetterBadRecordsWithTheReasonAndKeepGoing() {
        inputs.get(EventType.CLICK).pipeInput("u3", "{not json".getBytes(StandardCharsets.UTF_8));
        inputs.get(EventType.CART).pipeInput("u3", json("{\"user\":\"u3\",\"item\":\"x\",\"type\":\"wishlist\",\"ts\":" + now + "}"));
        inputs.get(EventType.CLICK).pipeInput("u3", json("{\"item\":\"x\",\"type\":\"click\",\"ts\":" + now + "}"));
        send("u3", known(4), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(List.of("not_json", "unknown_type", "missing_user"), dead.stream().map(r -> header(r, Topics.DLQ_REASON_HEADER)).toList());
        assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
        assertEquals(Topics.eventTopic(EventType.CLICK), header(dead.get(0), "__streams.errors.topic"));
        assertNotNull(header(dead.get(0), "__streams.errors.offset"));
        assertEquals(1, metrics.input().rejected(RejectReason.UNKNOWN_TYPE));
        assertEquals(3, metrics.input().rejectedTotal());

        assertEquals("u3", recommendations.readValue().user(), "the valid event after the bad ones is served");
    }

    @Test
    void shouldScoreAUserOnceForSeveralEventsInABatch() {
        send("u4", known(5), EventType.CLICK);
        send("u4", known(6), EventType.CART);
        send("u5", known(7), EventType.CLICK);
        send("u4", known(8), EventType.CLICK);
        assertTrue(recommendations.isEmpty(), "nothing is scored before the batch is due");
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<org.apache.kafka.streams.KeyValue<String, Recommendation>> out = recommendations.readKeyValuesToList();
        assertEquals(List.of("u4", "u5"), out.stream().map(kv -> kv.key).toList());
        assertEquals(start + 3, out.get(0).value.eventTs(), "u4's list reflects its newest event");
        assertEquals(1, metrics.inferenceCalls());
        assertEquals(2, metrics.inferenceRows());
    }

    @Test
    void shouldFlushAsSoonAsTheBatchIsFull() {
        for (int user = 0; user < 8; user++) {
            send("full-" + user, known(user), EventType.CLICK);
        }
        assertEquals(8, recommendations.readValuesToList().size(), "8 pending users fill a batch of 8");
        assertEquals(1, metrics.inferenceCalls());
    }

    @Test
    void shouldRekeyEventsWhoseKeyIsNotTheUser() {
        inputs.get(EventType.CLICK).pipeInput(null, codec.write(Event.of("u6", known(9), EventType.CLICK, now)));
        inputs.get(EventType.CLICK).pipeInput("session-42", codec.write(Event.of("u6", known(10), EventType.CLICK, now + 1)));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        var out = recommendations.readKeyValuesToList();
        assertEquals("u6", out.get(out.size() - 1).key);
        assertEquals(2, sessions().get("u6").interactions().size());
    }

    @Test
    void shouldApplyAReplayedEventIdOnceAndDeadLetterTheReplay() {
        Event event = new Event("u7", known(11), EventType.CART, now, "evt-1", null, null, null);
        inputs.get(EventType.CART).pipeInput("u7", codec.write(event));
        inputs.get(EventType.CART).pipeInput("u7", codec.write(event));
        inputs.get(EventType.CLICK).pipeInput("u7", codec.write(new Event("u7", known(12), EventType.CLICK, now + 1, "evt-2", null, null, null)));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertEquals(List.of(known(11), known(12)),
                sessions().get("u7").interactions().stream().map(Interaction::item).toList());
        List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("duplicate", header(dead.get(0), Topics.DLQ_REASON_HEADER));
        assertEquals(1, metrics.input().rejected(RejectReason.DUPLICATE));
    }

    @Test
    void shouldForgetUsersIdleLongerThanTheTtlInEventTime() {
        send("idle", known(13), EventType.CLICK);
        send("active", known(14), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        recommendations.readValuesToList();

        now += Duration.ofMinutes(11).toMillis();
        send("active", known(15), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        assertEquals(null, sessions().get("idle"));
        assertNotNull(sessions().get("active"));
        var out = recommendations.readKeyValuesToList();
        assertTrue(out.stream().anyMatch(kv -> kv.key.equals("idle") && kv.value == null), "tombstone for idle: " + out);
        assertEquals(1, metrics.expired());
    }

    @Test
    void shouldServePopularItemsWithoutCallingTheModelWhenInferenceIsOff() {
        driver.close();
        startDriver(Map.of("inference.enabled", "false"));
        send("u8", known(20), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        Recommendation rec = recommendations.readValue();
        assertTrue(rec.coldStart());
        assertEquals(models.current().manifest().popularItems().subList(0, 10), ids(rec));
        assertEquals(0, metrics.inferenceCalls());
        assertEquals(1, sessions().get("u8").interactions().size(), "state is still kept");
    }

    @Test
    void shouldEraseAUserOnRequestAndWriteATombstone() {
        send("leaver", known(16), EventType.CLICK);
        send("stayer", known(17), EventType.CLICK);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        recommendations.readValuesToList();

        deletions().pipeInput("leaver", null, now);
        driver.advanceWallClockTime(Duration.ofMillis(100));

        var out = recommendations.readKeyValuesToList();
        assertEquals(1, out.size(), "only the tombstone: " + out);
        assertEquals("leaver", out.get(0).key);
        assertEquals(null, out.get(0).value);
        assertEquals(null, sessions().get("leaver"));
        assertEquals(null, driver.<String, byte[]>getKeyValueStore(RecommenderTopology.LATEST_STORE).get("leaver"));
        assertNotNull(sessions().get("stayer"));
        assertEquals(1, metrics.erasedUsers());
    }

    @Test
    void shouldNotLetAnEventThatPredatesTheErasureBringTheUserBack() {
        driver.close();
        startDriver(Map.of("event.max.future.ms", "1000"));
        long before = now;
        deletions().pipeInput("leaver", null, now + 10);
        inputs.get(EventType.CART).pipeInput("leaver", codec.write(Event.of("leaver", known(18), EventType.CART, before)));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertEquals(null, sessions().get("leaver"), "an event older than the request is part of what was erased");
        assertEquals(1, metrics.input().droppedAfterErasureCount());

        inputs.get(EventType.CLICK).pipeInput("leaver", codec.write(Event.of("leaver", known(19), EventType.CLICK, now + 1_020)));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertEquals(List.of(known(19)), sessions().get("leaver").interactions().stream().map(Interaction::item).toList(),
                "activity after the request starts a new history");
    }

    @Test
    void shouldServeANewHistoryThatStartsInTheBatchOfTheErasure() {
        driver.close();
        startDriver(Map.of("event.max.future.ms", "1000")); // events are trusted to be after the request 1 s later
        send("again", known(21), EventType.CLICK);
        deletions().pipeInput("again", null, now + 5);
        now += 1_005;
        inputs.get(EventType.CLICK).pipeInput("again", codec.write(Event.of("again", known(22), EventType.CLICK, now + 10)));
        driver.advanceWallClockTime(Duration.ofMillis(100));

        var out = recommendations.readKeyValuesToList();
        assertEquals(2, out.size(), "tombstone, then the new history's list: " + out);
        assertEquals(null, out.get(0).value);
        assertEquals(now + 10, out.get(1).value.eventTs());
        assertEquals(List.of(known(22)), sessions().get("again").interactions().stream().map(Interaction::item).toList());
    }

    @Test
    void shouldDeadLetterADeletionWithoutAUser() {
        deletions().pipeInput(null, null, now);
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertEquals("missing_user", header(single(dlq.readRecordsToList()), Topics.DLQ_REASON_HEADER));
        assertEquals(0, metrics.erasedUsers());
    }

    private TestInputTopic<String, byte[]> deletions() {
        return driver.createInputTopic("user-deletions", new StringSerializer(), new ByteArraySerializer());
    }

    private void send(String user, String item, EventType type) {
        long ts = now++;
        inputs.get(type).pipeInput(user, codec.write(Event.of(user, item, type, ts)));
    }

    private static String known(int i) {
        return models.current().vocabulary().item(1 + i * 7);
    }

    private KeyValueStore<String, SessionState> sessions() {
        return driver.getKeyValueStore(RecommenderTopology.SESSION_STORE);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> ids(Recommendation rec) {
        return rec.items().stream().map(ScoredItem::item).toList();
    }

    private static <T> T single(List<T> list) {
        assertEquals(1, list.size(), "expected exactly one record, got " + list);
        return list.get(0);
    }
}
