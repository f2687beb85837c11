package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.tools.sim.EventProducer;
import io.streamrec.tools.sim.ProducePlan;
import io.streamrec.tools.sim.ProduceStats;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retrain pipeline ({@code streams-app/bin/retrain}) end to end on a real broker: the event topics are exported,
 * model-export trains a candidate (tiny, to keep the test short), the candidate is compared with the serving model on
 * the same held-out events, and it is published on {@code model-updates} only when the comparison allows it.
 */
class RetrainIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldTrainCompareAndPublishFromTheEventTopics(@TempDir Path tmp) throws Exception {
        assumeTrue(pythonHasTorch(), "python3 with torch is needed to train (model-export/setup.sh installs it)");
        Path models = Files.createDirectories(tmp.resolve("models"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            KafkaClients clients = new KafkaClients(bootstrap, Map.of());
            try (EventProducer producer = new EventProducer(clients, Map.of())) {
                ProduceStats stats = producer.produce(new ShopperSimulator(SimulatorSettings.defaults().withUsers(400)
                        .withSeed(42), Clock.systemUTC()), ProducePlan.count(20_000, 8_000));
                assertEquals(8_000, stats.sent());
            }

            Path log = tmp.resolve("retrain.log");
            int worse = retrain(bootstrap, models, "-1", log);
            String kept = Files.readString(log);
            assertEquals(3, worse, "a candidate asked to beat the serving model by 1 NDCG@10 is kept back:\n" + kept);
            assertTrue(kept.contains("held-out users: "), kept);
            assertEquals(List.of(), announcements(bootstrap), "nothing published");

            int published = retrain(bootstrap, models, "1", log);
            String text = Files.readString(log);
            assertEquals(0, published, text);
            List<JsonNode> announced = announcements(bootstrap);
            assertEquals(1, announced.size(), text);
            assertEquals("A", announced.get(0).get("variant").asText());
            Path location = Path.of(announced.get(0).get("location").asText());
            assertTrue(location.startsWith(models) && Files.isRegularFile(location.resolve("model.onnx")), text);
        }
    }

    /** Runs the script with a tiny training; {@code tolerance} 1 accepts any candidate, -1 none. */
    private static int retrain(String bootstrap, Path models, String tolerance, Path log) throws Exception {
        Process process = new ProcessBuilder("streams-app/bin/retrain", "--bootstrap", bootstrap,
                "--serving", "streams-app/model", "--models", models.toString(), "--since", "1h",
                "--tolerance", tolerance, "--",
                "--epochs", "2", "--dim", "16", "--layers", "1", "--heads", "1", "--max-len", "20", "--patience", "1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(10, TimeUnit.MINUTES), "retrain did not finish");
        return process.exitValue();
    }

    private static List<JsonNode> announcements(String bootstrap) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "retrain-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("model-updates"));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(300))) {
                    records.add(JSON.readTree(record.value()));
                }
            }
        }
        return records;
    }

    private static boolean pythonHasTorch() throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, onnx").redirectErrorStream(true)
                .start();
        return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
