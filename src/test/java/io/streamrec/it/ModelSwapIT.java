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
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.chaos.AppProcess;
import io.streamrec.tools.models.ModelAnnouncer;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model published with {@code streamrec model publish} while events flow: the packaged app switches without a
 * restart, every list is of the old model until the first of the new one, none is lost; a corrupt model announced
 * afterwards is refused (model-events says why) and changes nothing.
 */
class ModelSwapIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Long> LAST_SENT = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void shouldSwitchModelsWhileEventsFlowAndRefuseACorruptOne(@TempDir Path tmp) throws Exception {
        Path v2 = ModelAnnouncer.copyWithVersion(TestModels.DEMO_MODEL, tmp.resolve("swap-v2"), "swap-v2");
        Path corrupt = ModelAnnouncer.copyWithVersion(TestModels.DEMO_MODEL, tmp.resolve("swap-v3"), "swap-v3");
        Files.write(corrupt.resolve("model.onnx"), new byte[] {0, 1, 2});
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            try (AppProcess app = AppProcess.start(bootstrap, "swap-it-" + UUID.randomUUID(), tmp.resolve("state"),
                    tmp.resolve("app.log"), "http.auth.token=t", "stream.threads=1");
                 KafkaProducer<String, byte[]> producer = producer(bootstrap);
                 KafkaConsumer<String, String> lists = consumer(bootstrap, "recommendations")) {
                app.awaitReady(Duration.ofSeconds(120));
                String original;
                try (var model = TestModels.demoModel()) {
                    original = model.version();
                }
                int sent = 0;
                for (; sent < 20; sent++) {
                    send(producer, "user-" + sent % 7);
                }
                assertEquals(0, publish(bootstrap, v2, tmp.resolve("publish.log")));
                long announced = System.currentTimeMillis();
                List<JsonNode> received = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline && !hasVersion(received, "swap-v2")) {
                    send(producer, "user-" + sent++ % 7);
                    received.addAll(poll(lists));
                }
                assertTrue(hasVersion(received, "swap-v2"), "no list of the new model within 60 s");
                long firstNew = received.stream().filter(r -> r.get("model").asText().equals("swap-v2"))
                        .mapToLong(r -> r.get("generated_at").asLong()).min().orElseThrow();
                System.out.printf("model swap: first list of the new model %d ms after the announcement%n",
                        firstNew - announced);

                assertEquals(0, publish(bootstrap, corrupt, tmp.resolve("publish-corrupt.log")));
                for (int i = 0; i < 20; i++) {
                    send(producer, "user-" + sent++ % 7);
                    Thread.sleep(100);
                }
                received.addAll(drain(lists, sent));

                boolean switched = false;
                for (JsonNode list : received) {
                    String version = list.get("model").asText();
                    switched |= version.equals("swap-v2");
                    assertEquals(switched ? "swap-v2" : original, version, "one switch, never back: " + list);
                }
                assertFalse(hasVersion(received, "swap-v3"));
                for (Map.Entry<String, Long> last : LAST_SENT.entrySet()) {
                    long newest = received.stream().filter(r -> r.get("user").asText().equals(last.getKey()))
                            .mapToLong(r -> r.get("event_ts").asLong()).max().orElse(-1);
                    assertEquals(last.getValue(), newest, "the last event of " + last.getKey() + " got its list");
                }
                List<String> outcomes = modelEvents(bootstrap);
                assertEquals(List.of("accepted", "refused"), outcomes);
            }
        }
    }

    private static int publish(String bootstrap, Path dir, Path log) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", AppProcess.JAR.toString(), "model", "publish", dir.toString(), "--variant", "A",
                "--bootstrap", bootstrap).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return process.waitFor();
    }

    private static boolean hasVersion(List<JsonNode> lists, String version) {
        return lists.stream().anyMatch(r -> r.get("model").asText().equals(version));
    }

    private static void send(KafkaProducer<String, byte[]> producer, String user) throws Exception {
        long ts = Math.max(System.currentTimeMillis(), LAST_SENT.getOrDefault(user, 0L) + 1);
        LAST_SENT.put(user, ts);
        Event event = Event.of(user, "sku-" + (1 + Math.floorMod(user.hashCode(), 50) + 50), EventType.CLICK, ts);
        producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), user, new EventCodec().write(event)))
                .get();
        Thread.sleep(20);
    }

    private static List<JsonNode> poll(KafkaConsumer<String, String> consumer) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
            if (record.value() != null) {
                out.add(JSON.readTree(record.value()));
            }
        }
        return out;
    }

    /** Reads until no list arrives for a few seconds. */
    private static List<JsonNode> drain(KafkaConsumer<String, String> consumer, int sent) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(4).toNanos()) {
            List<JsonNode> more = poll(consumer);
            if (!more.isEmpty()) {
                out.addAll(more);
                quietSince = System.nanoTime();
            }
        }
        return out;
    }

    private static List<String> modelEvents(String bootstrap) throws Exception {
        List<String> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap, "model-events")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (outcomes.size() < 2 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    outcomes.add(JSON.readTree(record.value()).get("outcome").asText());
                }
            }
        }
        return outcomes;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap, String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "swap-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }
}
