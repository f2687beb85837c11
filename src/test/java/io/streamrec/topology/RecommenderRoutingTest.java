package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.app.TopicLayout;
import io.streamrec.config.ConfigException;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.ranking.Recommendation;
import io.streamrec.ranking.RecommendationCodec;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every record of a user reaches the user's one task whatever the producer did, and an erasure is final. The test
 * driver reads every record from partition 0 of 6, so a user whose murmur2 partition is not 0 arrives misplaced,
 * as from a librdkafka producer with its default (CRC32) partitioner.
 */
class RecommenderRoutingTest {
    private static final int PARTITIONS = 6;
    private static final long SKEW = 1_000;
    private static final long TTL = Duration.ofMinutes(10).toMillis();
    private static ModelHolder models;

    private final EventCodec codec = new EventCodec();  // writes only
    private final PipelineMetrics metrics = new PipelineMetrics();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> clicks;
    private TestInputTopic<String, byte[]> deletions;
    private TestOutputTopic<String, byte[]> recommendations;
    private TestOutputTopic<byte[], byte[]> dlq;
    private long now = System.currentTimeMillis() - Duration.ofHours(2).toMillis(); // room for TTL jumps
    /** The app's clock follows the events, so jumps past the TTL are neither too old nor too far ahead. */
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(now);
        }
    };

    @BeforeAll
    static void loadModel() {
        models = new ModelHolder(TestModels.demoModel());
    }

    @AfterAll
    static void closeModel() {
        models.close();
    }

    private void start() {
        start(Map.of());
    }

    private void start(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("batch.max.size", "8", "batch.max.delay.ms", "50",
                "session.ttl.ms", String.valueOf(TTL), "event.max.future.ms", String.valueOf(SKEW)));
        settings.putAll(extra);
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), settings);
        driver = TopologyDrivers.start(config, PARTITIONS, models, metrics, clock);
        clicks = driver.createInputTopic(Topics.eventTopic(EventType.CLICK), new StringSerializer(),
                new ByteArraySerializer());
        deletions = driver.createInputTopic(config.deletionsTopic(), new StringSerializer(), new ByteArraySerializer());
        recommendations = driver.createOutputTopic(config.recommendationsTopic(), new StringDeserializer(),
                new ByteArrayDeserializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldGiveEachUserOneSessionWhateverKeyOrPartitionTheProducerChose() {
        start();
        String inPlace = userOnPartition(0);
        String elsewhere = userOnPartition(3);

        click(inPlace, inPlace, known(1));
        click(elsewhere, elsewhere, known(2));      // wrong partition
        click("someone-else", elsewhere, known(3)); // wrong key
        click(null, elsewhere, known(4));           // no key
        flush();

        assertEquals(List.of(known(2), known(3), known(4)), items(elsewhere));
        assertEquals(List.of(known(1)), items(inPlace));
        assertEquals(1, metrics.input().rerouted("wrong_partition"));
        assertEquals(1, metrics.input().rerouted("wrong_key"));
        assertEquals(1, metrics.input().rerouted("no_key"));
        assertEquals(0, metrics.input().rerouted("none"), "a record in place takes no hop");
    }

    @Test
    void shouldEraseAUserWhoseDeletionArrivedOnAnotherPartitionOrWithWhitespaceInTheKey() {
        start();
        String misplaced = userOnPartition(2);
        String padded = userOnPartition(0);
        click(misplaced, misplaced, known(1));
        click(padded, padded, known(2));
        flush();

        deletions.pipeInput(misplaced, null, now);
        deletions.pipeInput("  " + padded + "\t", null, now);
        flush();

        assertNull(sessions().get(misplaced));
        assertNull(sessions().get(padded), "the key is normalised like an event's user");
        assertEquals(2, metrics.erasedUsers());
        List<KeyValue<String, byte[]>> out = recommendations.readKeyValuesToList();
        assertTrue(out.stream().anyMatch(kv -> kv.key.equals(padded) && kv.value == null), "tombstone: " + out);
    }

    @Test
    void shouldRefuseAnOldEventReplayedAfterTheErasureMarkerExpired() {
        start();
        String user = userOnPartition(0);
        long old = now;
        click(user, user, known(1));
        flush();
        deletions.pipeInput(user, null, now + 1);

        now += TTL + SKEW + 60_000; // stream time moves on: the marker is forgotten
        click(userOnPartition(0, 1), userOnPartition(0, 1), known(2));
        flush();
        assertNull(driver.<String, ErasureMarker>getKeyValueStore(RecommenderTopology.ERASURES_STORE).get(user));

        clicks.pipeInput(user, codec.write(Event.of(user, known(3), EventType.CLICK, old)));
        flush();

        assertNull(sessions().get(user), "the replayed history did not come back");
        TestRecord<byte[], byte[]> dead = dlq.readRecordsToList().get(0);
        assertEquals("too_old", new String(dead.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                StandardCharsets.UTF_8));
    }

    @Test
    void shouldDropAnEventStampedByAFastClockBeforeTheRequest() {
        start();
        String user = userOnPartition(0);
        click(user, user, known(1));
        flush();

        deletions.pipeInput(user, null, now);
        // sent before the request, but the shop's clock runs 0.9 s fast (within event.max.future.ms)
        clicks.pipeInput(user, codec.write(Event.of(user, known(2), EventType.CLICK, now + 900)));
        flush();

        assertNull(sessions().get(user));
        assertEquals(1, metrics.input().droppedAfterErasureCount());
    }

    @Test
    void shouldKeepSeqGrowingAcrossErasureAndExpiry() {
        start();
        String user = userOnPartition(0);
        click(user, user, known(1));
        flush();
        long first = lastList(user).seq();

        deletions.pipeInput(user, null, now);
        now += SKEW + 1;
        click(user, user, known(2));
        flush();
        long afterErasure = lastList(user).seq();
        assertTrue(afterErasure > first, afterErasure + " after erasure, " + first + " before");

        now += TTL + 60_000; // the user idles past the TTL and is forgotten
        click(userOnPartition(0, 1), userOnPartition(0, 1), known(3));
        flush();
        assertNull(sessions().get(user));
        now += 1;
        click(user, user, known(4));
        flush();
        long afterExpiry = lastList(user).seq();
        assertTrue(afterExpiry > afterErasure, afterExpiry + " after expiry, " + afterErasure + " before");
    }

    @Test
    void shouldRefuseInputTopicsWithDifferentPartitionCounts() {
        ConfigException refused = assertThrows(ConfigException.class, () -> TopicLayout.sharedPartitions(Map.of(
                "events.click", 6, "events.cart", 6, "events.purchase", 6, "user-deletions", 1)));

        assertTrue(refused.getMessage().contains("user-deletions=1"), refused.getMessage());
        assertTrue(refused.getMessage().contains("events.click=6"), refused.getMessage());
        assertEquals(6, TopicLayout.sharedPartitions(Map.of("events.click", 6, "user-deletions", 6)));
    }

    @Test
    void shouldForgetIdleUsersOfALargeStoreInBoundedSteps() {
        start(Map.of("session.expiry.step", "500", "batch.max.size", "1000"));
        KeyValueStore<String, SessionState> sessions = sessions();
        for (int i = 0; i < 2_000; i++) {
            click("idle-" + i, "idle-" + i, known(i % 50));
        }
        flush();
        recommendations.readKeyValuesToList();

        now += TTL + 60_000;
        String active = userOnPartition(0);
        click(active, active, known(1)); // moves stream time past the TTL: a pass starts, one step of 500 users
        assertEquals(500, metrics.expired(), "one step looks at no more than session.expiry.step users");

        for (int step = 0; step < 3; step++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1)); // the pass goes on every second
        }
        assertEquals(2_000, metrics.expired());
        for (int i = 0; i < 2_000; i += 97) {
            assertNull(sessions.get("idle-" + i));
        }
        assertEquals(1, sessions.get(active).eventCount());
    }

    private void click(String key, String user, String item) {
        clicks.pipeInput(key, codec.write(Event.of(user, item, EventType.CLICK, now++)));
    }

    private void flush() {
        driver.advanceWallClockTime(Duration.ofMillis(100));
    }

    private Recommendation lastList(String user) {
        List<KeyValue<String, byte[]>> lists = recommendations.readKeyValuesToList().stream()
                .filter(kv -> kv.key.equals(user) && kv.value != null).toList();
        return RecommendationCodec.read(lists.get(lists.size() - 1).value);
    }

    private List<String> items(String user) {
        return sessions().get(user).interactions().stream().map(Interaction::item).toList();
    }

    private KeyValueStore<String, SessionState> sessions() {
        return driver.getKeyValueStore(RecommenderTopology.SESSION_STORE);
    }

    private static String userOnPartition(int partition) {
        return userOnPartition(partition, 0);
    }

    /** The {@code nth} user id (u-0, u-1, ...) that murmur2 puts on {@code partition}. */
    private static String userOnPartition(int partition, int nth) {
        return IntStream.range(0, 10_000).mapToObj(i -> "u-" + i)
                .filter(u -> RouteByUser.partitionOf(u, PARTITIONS) == partition).skip(nth).findFirst().orElseThrow();
    }

    private static String known(int i) {
        return models.current().vocabulary().item(1 + i * 7);
    }
}
