package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.TestModels;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.kafka.Topics;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog on a real broker with the packaged app: a sold-out item leaves the lists, a bad catalog record is
 * dead-lettered with its reason, trending counted from the events is served over HTTP and to a cold user, and a
 * surface is served on request.
 */
class CatalogIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "t";

    @Test
    void shouldApplyTheCatalogAndTrendingEndToEnd(@TempDir Path tmp) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"));
             SessionModel model = TestModels.demoModel()) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            try (AppProcess app = AppProcess.start(bootstrap, "catalog-it-" + UUID.randomUUID(), tmp.resolve("state"),
                    tmp.resolve("app.log"), "http.auth.token=" + TOKEN, "stream.threads=1",
                    "surfaces=home,cart", "surface.cart.top.k=4");
                 KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
                app.awaitReady(Duration.ofSeconds(120));
                String clicked = model.vocabulary().item(10);

                send(producer, "u1", clicked, EventType.CLICK);
                JsonNode first = awaitList(app, "u1", list -> true);
                String soldOut = first.get("items").get(0).get("item").asText();

                publish(producer, soldOut, "{\"item\":\"" + soldOut + "\",\"category\":\"shoes\",\"available\":false}");
                publish(producer, "bad-1", "{\"item\":\"bad-1\",\"available\":\"yes\"}");
                JsonNode without = awaitList(app, "u1", list -> {
                    send(producer, "u1", clicked, EventType.CLICK);
                    return !items(list.get("items")).contains(soldOut);
                });
                assertEquals(10, without.get("items").size());
                for (int i = 0; i < 3; i++) {
                    long seq = without.get("seq").asLong();
                    send(producer, "u1", model.vocabulary().item(20 + i), EventType.CLICK);
                    JsonNode later = awaitList(app, "u1", list -> list.get("seq").asLong() > seq);
                    assertFalse(items(later.get("items")).contains(soldOut), "sold out, yet in " + later);
                    without = later;
                }

                HttpResponse<byte[]> cart = app.get("/recommendations/u1?surface=cart", TOKEN);
                assertEquals(200, cart.statusCode());
                assertEquals(4, JSON.readTree(cart.body()).get("items").size());

                String hot = model.vocabulary().item(30);
                for (int user = 0; user < 5; user++) {
                    send(producer, "buyer-" + user, hot, EventType.PURCHASE);
                }
                JsonNode trending = awaitJson(app, "/trending", body -> body.get("items").size() > 0
                        && body.get("items").get(0).get("item").asText().equals(hot));
                assertEquals("global", trending.get("scope").asText());
                send(producer, "newcomer", "an-item-nobody-knows", EventType.CLICK);
                JsonNode cold = awaitList(app, "newcomer", list -> true);
                assertTrue(cold.get("cold_start").asBoolean());
                assertEquals(hot, cold.get("items").get(0).get("item").asText());
                assertEquals("trending", cold.get("items").get(0).get("source").asText());

                List<String> reasons = deadLetterReasons(bootstrap);
                assertEquals(List.of("wrong_shape"), reasons);
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<String, byte[]> producer, String user, String item, EventType type) {
        Event event = Event.of(user, item, type, System.currentTimeMillis());
        try {
            producer.send(new ProducerRecord<>(Topics.eventTopic(type), user, new EventCodec().write(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void publish(KafkaProducer<String, byte[]> producer, String item, String json) throws Exception {
        producer.send(new ProducerRecord<>("items", item, json.getBytes(StandardCharsets.UTF_8))).get();
    }

    private static JsonNode awaitList(AppProcess app, String user, Predicate<JsonNode> done) throws Exception {
        return awaitJson(app, "/recommendations/" + user, done);
    }

    /** Polls until the endpoint answers JSON that {@code done} accepts (it may act, e.g. send another event). */
    private static JsonNode awaitJson(AppProcess app, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> reply = app.get(path, TOKEN);
            if (reply.statusCode() == 200) {
                last = JSON.readTree(reply.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError(path + " never answered as expected; last " + last);
    }

    private static List<String> items(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(item -> ids.add(item.get("item").asText()));
        return ids;
    }

    private static List<String> deadLetterReasons(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> reasons = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("streamrec.dlq"));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (reasons.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    reasons.add(new String(record.headers().lastHeader(Topics.DLQ_REASON_HEADER).value(),
                            StandardCharsets.UTF_8));
                }
            }
        }
        return reasons;
    }
}
