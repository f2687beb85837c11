package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.kafka.Topics;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.session.SessionState;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** No single input record, whatever its size, headers or timestamp, can stop an instance. */
class PoisonRecordsTest {
    private static ModelHolder models;
    private final PipelineMetrics metrics = new PipelineMetrics();
    private final EventCodec codec = new EventCodec();
    private StreamrecConfig config;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> clicks;
    private TestInputTopic<String, byte[]> deletions;
    private TestOutputTopic<byte[], byte[]> dlq;

    @BeforeAll
    static void loadModel() {
        models = new ModelHolder(TestModels.demoModel());
    }

    @AfterAll
    static void closeModel() {
        models.close();
    }

    @BeforeEach
    void start() {
        config = ConfigLoader.load(null, Map.of(), Map.of("batch.max.delay.ms", "20"));
        driver = TopologyDrivers.start(config, 1, models, metrics, Clock.systemUTC());
        clicks = driver.createInputTopic(Topics.eventTopic(EventType.CLICK), new StringSerializer(),
                new ByteArraySerializer());
        deletions = driver.createInputTopic(config.deletionsTopic(), new StringSerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(config.dlqTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void shouldDeadLetterAFiveMegabyteValueAsABoundedRecordThatStillNamesItsSource() {
        byte[] huge = ("{\"user\":\"u1\",\"item\":\"" + "x".repeat(5_000_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        clicks.pipeInput("u1", huge);

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        assertEquals(BoundedDeadLetters.MAX_PAYLOAD_BYTES, dead.value().length);
        assertEquals("oversize", header(dead, Topics.DLQ_REASON_HEADER));
        assertTrue(header(dead, Topics.DLQ_TRUNCATED_HEADER).contains("value " + huge.length + " bytes cut to 65536"),
                header(dead, Topics.DLQ_TRUNCATED_HEADER));
        assertEquals(Topics.eventTopic(EventType.CLICK), header(dead, "__streams.errors.topic"));
        assertNotNull(header(dead, "__streams.errors.offset"));
    }

    @Test
    void shouldBoundTheHeadersOfADeadLetterRecord() {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < 200; i++) {
            headers.add("h" + i, new byte[10_000]);
        }
        clicks.pipeInput(new TestRecord<>("u1", "not json".getBytes(StandardCharsets.UTF_8), headers,
                Instant.now()));

        TestRecord<byte[], byte[]> dead = dlq.readRecord();
        int total = Arrays.stream(dead.headers().toArray()).mapToInt(h -> h.key().length() + h.value().length).sum();
        assertTrue(total < BoundedDeadLetters.MAX_HEADERS_BYTES + 1024, "header bytes: " + total);
        assertEquals("not_json", header(dead, Topics.DLQ_REASON_HEADER));
        assertNotNull(header(dead, "__streams.errors.partition"), "the source coordinates are kept first");
        assertTrue(header(dead, Topics.DLQ_TRUNCATED_HEADER).contains("headers dropped"));
    }

    @Test
    void shouldApplyAValidEventWithHugeHeadersAndLeaveTheHeadersBehind() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[2_000_000]);
        Event event = Event.of("u1", models.current().vocabulary().item(1), EventType.CLICK,
                System.currentTimeMillis() - 1_000);
        clicks.pipeInput(new TestRecord<>("not-the-user", codec.write(event), headers, Instant.now()));
        driver.advanceWallClockTime(Duration.ofMillis(50));

        KeyValueStore<String, SessionState> sessions = driver.getKeyValueStore(RecommenderTopology.SESSION_STORE);
        assertEquals(1, sessions.get("u1").eventCount(), "re-keyed through the repartition topic without headers");
    }

    @Test
    void shouldDeadLetterADeletionWithAHugeKey() {
        deletions.pipeInput("u".repeat(1_000_000), null);

        assertEquals("oversize", header(dlq.readRecord(), Topics.DLQ_REASON_HEADER));
        assertEquals(0, metrics.erasedUsers());
    }

    @Test
    void shouldTimeADeletionWithoutATimestampWhenItIsRead() {
        long before = System.currentTimeMillis();
        ConsumerRecord<Object, Object> untimed = new ConsumerRecord<>("user-deletions", 0, 0, -1L,
                TimestampType.NO_TIMESTAMP_TYPE, 0, 0, "u1", null, new RecordHeaders(), java.util.Optional.empty());

        long time = new RequestTimeExtractor().extract(untimed, -1);

        assertTrue(time >= before, "the default extractor would stop the instance on -1; got " + time);
        assertEquals(42L, new RequestTimeExtractor().extract(new ConsumerRecord<>("user-deletions", 0, 0, 42L,
                TimestampType.CREATE_TIME, 0, 0, "u1", null, new RecordHeaders(), java.util.Optional.empty()), -1));
    }

    @Test
    void shouldGiveUpAnUnwritableDeadLetterRecordButNotAList() {
        DeadLetterProductionHandler handler = new DeadLetterProductionHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "streamrec.dlq",
                DeadLetterHandler.METRICS_CONFIG, metrics));
        ErrorHandlerContext context = (ErrorHandlerContext) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ErrorHandlerContext.class}, (proxy, method, args) ->
                        method.getReturnType() == String.class ? "events.click"
                                : method.getReturnType() == int.class ? (Object) 0
                                : method.getReturnType() == long.class ? (Object) 0L : null);
        Exception tooLarge = new org.apache.kafka.common.errors.RecordTooLargeException("too large");

        assertEquals(ProductionExceptionHandler.Result.RESUME, handler.handleError(context,
                new ProducerRecord<>("streamrec.dlq", new byte[1], new byte[1]), tooLarge).result());
        assertEquals(ProductionExceptionHandler.Result.FAIL, handler.handleError(context,
                new ProducerRecord<>("recommendations", new byte[1], new byte[1]), tooLarge).result());
        assertEquals(1, metrics.registry().get("streamrec.dlq.write.failed").counter().count());
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
