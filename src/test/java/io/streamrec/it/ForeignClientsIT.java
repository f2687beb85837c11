package io.streamrec.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
 * Producers nobody here wrote, with their default partitioners: Debian's kcat and Python's confluent-kafka (both
 * librdkafka, CRC32 keys) mixed with the Java producer (murmur2), each user's events spread over all three and
 * over the three event topics; erasures from Python. Two app instances. Every user must end with one session
 * holding every event once, lists with strictly increasing seq, readable from either instance; every erased user
 * gone. The web-tier reader example (examples/python/reader.py) must agree.
 */
class ForeignClientsIT {
    private static final int USERS = 240;
    private static final int EVENTS_PER_USER = 6;
    private static final int ERASED = 24;
    private static final String TOKEN = "foreign-it";
    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldGiveEveryUserOneSessionWhicheverClientPublishedAndEraseUsersForGood(@TempDir Path tmp)
            throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/kcat")),
                "Debian's kcat is not installed (make test-setup installs it as root)");
        assumeTrue(run(List.of(PYTHON, "-c", "import confluent_kafka"), tmp.resolve("probe.log")) == 0,
                "python3-confluent-kafka is not installed (make test-setup installs it as root)");

        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("broker"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, bootstrap, Map.of());
            String appId = "foreign-it-" + UUID.randomUUID();
            try (AppProcess a = AppProcess.start(bootstrap, appId, tmp.resolve("state-a"), tmp.resolve("a.log"),
                         "http.auth.token=" + TOKEN);
                 AppProcess b = AppProcess.start(bootstrap, appId, tmp.resolve("state-b"), tmp.resolve("b.log"),
                         "http.auth.token=" + TOKEN)) {
                a.awaitReady(Duration.ofSeconds(120));
                b.awaitReady(Duration.ofSeconds(120));

                Map<String, List<Event>> sent = publishFromThreeClients(bootstrap, tmp);
                Map<String, Long> newest = new HashMap<>();
                sent.forEach((user, events) -> newest.put(user, events.get(events.size() - 1).ts()));
                List<ConsumerRecord<String, byte[]>> lists = readUntil(bootstrap, newest, Set.of());

                for (Map.Entry<String, List<Event>> entry : sent.entrySet()) {
                    AppProcess reader = entry.getKey().hashCode() % 2 == 0 ? a : b;
                    var response = reader.get("/users/" + entry.getKey() + "/session", TOKEN);
                    assertEquals(200, response.statusCode(), entry.getKey());
                    List<String> stored = new ArrayList<>();
                    JSON.readTree(response.body()).get("interactions").forEach(i -> stored.add(i.get("item").asText()));
                    assertEquals(entry.getValue().stream().map(Event::item).toList(), stored,
                            "one session holding every event of " + entry.getKey() + " exactly once");
                }
                assertSeqStrictlyIncreases(lists);
                assertTrue(rerouted(a) + rerouted(b) > 0, "librdkafka's partitioner put records off their user's "
                        + "partition, and they took the hop");

                List<String> erased = new ArrayList<>(new TreeSet<>(sent.keySet())).subList(0, ERASED);
                List<String> delete = new ArrayList<>(List.of(PYTHON, "examples/python/producer.py",
                        "--bootstrap", bootstrap, "--delete"));
                delete.addAll(erased);
                assertEquals(0, run(delete, tmp.resolve("delete.log")), Files.readString(tmp.resolve("delete.log")));
                lists = readUntil(bootstrap, Map.of(), Set.copyOf(erased));

                Map<String, byte[]> last = new HashMap<>();
                lists.forEach(r -> last.put(r.key(), r.value()));
                for (String user : erased) {
                    assertNull(last.get(user), "the last record of " + user + " is a tombstone");
                    assertEquals(404, a.get("/users/" + user + "/session", TOKEN).statusCode(), user);
                    assertEquals(404, b.get("/recommendations/" + user, TOKEN).statusCode(), user);
                }
                assertSeqStrictlyIncreases(lists);

                Path readerOut = tmp.resolve("reader.json");
                assertEquals(0, run(List.of(PYTHON, "examples/python/reader.py", "--bootstrap", bootstrap,
                        "--idle", "3", "--group", "reader-" + UUID.randomUUID()), readerOut, tmp.resolve("reader.log")),
                        Files.readString(tmp.resolve("reader.log")));
                JsonNode view = JSON.readTree(readerOut.toFile());
                assertEquals(USERS - ERASED, view.size(), "the reader holds a list for every user not erased");
                erased.forEach(user -> assertTrue(view.get(user) == null, user + " is gone from the reader's view"));
            }
        }
    }

    /** Each user's events in time order, sent round-robin by kcat, Python and Java over all three event topics. */
    private Map<String, List<Event>> publishFromThreeClients(String bootstrap, Path tmp) throws Exception {
        EventCodec codec = new EventCodec();
        Random random = new Random(13);
        Map<String, List<Event>> sent = new HashMap<>();
        Map<EventType, List<String>> kcatLines = new HashMap<>();
        List<String> pythonLines = new ArrayList<>();
        List<Event> javaEvents = new ArrayList<>();
        long ts = System.currentTimeMillis() - 3_600_000;
        try (SessionModel model = TestModels.demoModel()) {
            for (int u = 0; u < USERS; u++) {
                String user = "fc-user-" + u;
                for (int i = 0; i < EVENTS_PER_USER; i++) {
                    EventType type = EventType.values()[random.nextInt(3)];
                    String item = model.vocabulary().item(1 + random.nextInt(model.vocabulary().size() - 1));
                    Event event = new Event(user, item, type, ts++, user + "-e" + i, null, null, null);
                    sent.computeIfAbsent(user, k -> new ArrayList<>()).add(event);
                    String json = new String(codec.write(event), StandardCharsets.UTF_8);
                    switch ((u + i) % 3) {
                        case 0 -> kcatLines.computeIfAbsent(type, t -> new ArrayList<>()).add(user + "|" + json);
                        case 1 -> pythonLines.add(json);
                        default -> javaEvents.add(event);
                    }
                }
            }
        }
        for (Map.Entry<EventType, List<String>> topic : kcatLines.entrySet()) {
            Path file = tmp.resolve("kcat-" + topic.getKey().wireName() + ".txt");
            Files.write(file, topic.getValue());
            assertEquals(0, run(List.of("kcat", "-P", "-b", bootstrap, "-t", Topics.eventTopic(topic.getKey()),
                    "-K", "|", "-l", file.toString()), tmp.resolve("kcat.log")), Files.readString(tmp.resolve("kcat.log")));
        }
        Path pythonFile = tmp.resolve("python-events.jsonl");
        Files.write(pythonFile, pythonLines);
        assertEquals(0, run(List.of(PYTHON, "examples/python/producer.py", "--bootstrap", bootstrap, "--file",
                pythonFile.toString()), tmp.resolve("python.log")), Files.readString(tmp.resolve("python.log")));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (Event event : javaEvents) {
                producer.send(new ProducerRecord<>(Topics.eventTopic(event.type()), event.user(), codec.write(event)));
            }
            producer.flush();
        }
        return sent;
    }

    /**
     * Every record of the recommendations topic (read_committed) until each user in {@code newest} has a list of
     * that event time and each user in {@code gone} a tombstone.
     */
    private static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, Map<String, Long> newest,
                                                                 Set<String> gone) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "foreign-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<String, Long> reflected = new HashMap<>();
        Set<String> tombstoned = new TreeSet<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("recommendations"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline
                    && !(reflected.entrySet().containsAll(newest.entrySet()) && tombstoned.containsAll(gone))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    records.add(record);
                    if (record.value() == null) {
                        tombstoned.add(record.key());
                    } else {
                        tombstoned.remove(record.key());
                        reflected.put(record.key(), JSON.readTree(record.value()).get("event_ts").asLong());
                    }
                }
            }
        }
        for (Map.Entry<String, Long> user : newest.entrySet()) {
            assertEquals(user.getValue(), reflected.get(user.getKey()), "newest list of " + user.getKey());
        }
        assertTrue(tombstoned.containsAll(gone), "tombstones for every erased user: " + tombstoned);
        return records;
    }

    private static double rerouted(AppProcess app) throws Exception {
        String metrics = new String(app.get("/metrics", TOKEN).body(), StandardCharsets.UTF_8);
        return metrics.lines().filter(l -> l.startsWith("streamrec_records_rerouted_total{")
                        && l.contains("reason=\"wrong_partition\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static void assertSeqStrictlyIncreases(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        Map<String, Long> seq = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.value() != null) {
                long next = JSON.readTree(record.value()).get("seq").asLong();
                Long previous = seq.put(record.key(), next);
                assertTrue(previous == null || next > previous,
                        record.key() + ": seq " + next + " after " + previous + " (two tasks serving one user?)");
            }
        }
    }

    private static int run(List<String> command, Path log) throws Exception {
        return run(command, null, log);
    }

    private static int run(List<String> command, Path stdout, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.redirectOutput(stdout == null ? log.toFile() : stdout.toFile());
        if (stdout == null) {
            builder.redirectErrorStream(true);
        }
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
