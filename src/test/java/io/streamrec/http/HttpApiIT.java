package io.streamrec.http;

import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.TestModels;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two app processes (the packaged jar) against a real broker: every user's list is readable from either instance,
 * byte for byte the topic's record, forwarded when the other instance owns the user; auth, health and metrics.
 */
class HttpApiIT {
    private static final String TOKEN = "s3cret";
    private static final int USERS = 60;

    @Test
    void shouldServeEveryUserFromEitherInstanceWithAuthHealthAndMetrics(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"));
             ModelHolder models = new ModelHolder(TestModels.demoModel())) {
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, kafka.bootstrapServers(), Map.of());
            String appId = "http-it-" + UUID.randomUUID();
            try (AppProcess a = AppProcess.start(kafka.bootstrapServers(), appId, tmp.resolve("state-a"),
                         tmp.resolve("a.log"), "http.auth.token=" + TOKEN);
                 AppProcess b = AppProcess.start(kafka.bootstrapServers(), appId, tmp.resolve("state-b"),
                         tmp.resolve("b.log"), "http.auth.token=" + TOKEN)) {
                a.awaitReady(Duration.ofSeconds(120));
                b.awaitReady(Duration.ofSeconds(120));
                Map<String, byte[]> expected = produceAndReadLatest(kafka.bootstrapServers(), models);

                int ownedByB = 0;
                for (var entry : expected.entrySet()) {
                    HttpResponse<byte[]> response = a.get("/recommendations/" + entry.getKey(), TOKEN);
                    assertEquals(200, response.statusCode(), entry.getKey());
                    assertArrayEquals(entry.getValue(), response.body(), "the topic's record for " + entry.getKey());
                    String owner = response.headers().firstValue(HttpApi.OWNER_HEADER).orElseThrow();
                    assertTrue(owner.equals(a.hostPort()) || owner.equals(b.hostPort()), owner);
                    ownedByB += owner.equals(b.hostPort()) ? 1 : 0;
                }
                assertTrue(ownedByB > 0 && ownedByB < USERS,
                        "some users are answered by forwarding to the other instance: " + ownedByB + " of " + USERS);

                JsonNode session = new ObjectMapper().readTree(b.get("/users/http-user-7/session", TOKEN).body());
                assertEquals("http-user-7", session.get("user").asText());
                assertEquals(3, session.get("interactions").size());
                assertEquals(models.current().manifest().dim(), session.get("session_vector").size());

                assertEquals(404, a.get("/recommendations/nobody-like-this", TOKEN).statusCode());
                assertEquals(401, a.get("/recommendations/http-user-1", null).statusCode());
                assertEquals(401, a.get("/recommendations/http-user-1", "wrong").statusCode());
                assertEquals(200, a.get("/health/live", null).statusCode());
                assertEquals(200, b.get("/health/ready", null).statusCode());
                assertEquals(414, a.get("/recommendations/" + "x".repeat(600), TOKEN).statusCode());
                assertEquals(404, a.get("/nothing-here", TOKEN).statusCode());

                String metrics = new String(a.get("/metrics", null).body());
                assertTrue(metrics.contains("streamrec_recommendations_emitted_total"), metrics);
                assertTrue(metrics.contains("streamrec_inference_seconds_bucket"));
                assertTrue(metrics.contains("streamrec_model_info{version=\"" + models.current().version() + "\"}"));
                assertTrue(metrics.contains("kafka_stream_"), "Kafka Streams' own metrics are exported");

                assertEquals(143, a.stop(Duration.ofSeconds(40)), "ended by SIGTERM itself, not a forced kill (137)");
                assertTrue(a.log().contains("PENDING_SHUTDOWN -> NOT_RUNNING"), "Kafka Streams closed cleanly");
            }
        }
    }

    private Map<String, byte[]> produceAndReadLatest(String bootstrap, ModelHolder models) throws Exception {
        EventCodec codec = new EventCodec();
        long ts = System.currentTimeMillis() - 60_000;
        Map<String, Long> newestTs = new HashMap<>();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int u = 0; u < USERS; u++) {
                for (int i = 0; i < 3; i++) {
                    String item = models.current().vocabulary().item(1 + (u * 3 + i) % 500);
                    Event event = Event.of("http-user-" + u, item, EventType.CLICK, ts++);
                    producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), event.user(), codec.write(event))).get();
                    newestTs.put(event.user(), event.ts());
                }
            }
        }
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "http-it-reader-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, byte[]> latest = new HashMap<>();
        Map<String, Long> seqs = new HashMap<>();
        Map<String, Long> reflected = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("recommendations"));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && !newestTs.equals(reflected)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode rec = json.readTree(record.value());
                    if (rec.get("seq").asLong() > seqs.getOrDefault(record.key(), 0L)) {
                        seqs.put(record.key(), rec.get("seq").asLong());
                        latest.put(record.key(), record.value());
                        reflected.put(record.key(), rec.get("event_ts").asLong());
                    }
                }
            }
        }
        assertEquals(newestTs, reflected, "every user's latest list reflects their newest event");
        return latest;
    }
}
