package io.streamrec.tools.sim;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.tools.broker.EmbeddedKafka;
import io.streamrec.cli.ProduceCommand;
import io.streamrec.cli.SimulateCommand;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.tools.topics.TopicsApplier;
import io.streamrec.tools.topics.TopicsFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EventProducerIT {
    static final List<String> INPUT_TOPICS = List.of("events.click", "events.cart", "events.purchase");

    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBrokerWithTopics() throws Exception {
        kafka = EmbeddedKafka.start(dataDir);
        TopicsApplier.applyFile(TopicsFile.DEFAULT_PATH, kafka.bootstrapServers(), Map.of());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void shouldDeliverEverySimulatedEventToItsTopicKeyedByUser() {
        // recent timestamps: the brokers' 7-day retention would soon delete older events
        SimulatorSettings settings = SimulatorSettings.defaults().withSeed(11)
                .withTimeline(Instant.now().minus(Duration.ofMinutes(10)), Duration.ofMillis(100));
        List<Event> events = new ShopperSimulator(settings).generate(3_000);

        ProduceStats stats;
        try (EventProducer producer = new EventProducer(new KafkaClients(kafka.bootstrapServers(), Map.of()), Map.of())) {
            stats = producer.produce(events.iterator(), ProducePlan.unlimited(0));
        }
        List<ConsumerRecord<String, byte[]>> records = readInputTopics(events.size());

        assertEquals(events.size(), stats.sent(), stats.render());
        assertEquals(0, stats.failed());
        assertEquals(events.size(), records.size());
        EventCodec codec = new EventCodec();
        List<Event> received = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Event event = codec.parse(record.value());
            assertEquals(event.user(), record.key());
            assertEquals(Topics.eventTopic(event.type()), record.topic());
            assertEquals(event.ts(), record.timestamp());
            received.add(event);
        }
        Comparator<Event> byId = Comparator.comparing(Event::eventId);
        assertEquals(events.stream().sorted(byId).toList(), received.stream().sorted(byId).toList());
        Map<String, Long> perTopic = records.stream().collect(Collectors.groupingBy(ConsumerRecord::topic, Collectors.counting()));
        assertEquals(3, perTopic.size(), perTopic.toString());
        assertEquals(stats.sentPerTopic(), perTopic);
    }

    @Test
    void shouldProduceFromTheCommandLine(@TempDir Path dir) {
        Path file = dir.resolve("events.jsonl");
        assertEquals(0, new CommandLine(new SimulateCommand()).setOut(new PrintWriter(new StringWriter()))
                .execute("--users", "20", "--events", "300", "--out", file.toString()));
        StringWriter out = new StringWriter();

        int fromFile = produce(out, "--file", file.toString(), "--rate", "0");
        int simulated = produce(out, "--simulate", "--rate", "1000", "--count", "200", "--property", "linger.ms=10");

        assertEquals(0, fromFile, out.toString());
        assertEquals(0, simulated, out.toString());
        assertTrue(out.toString().contains("sent 300 ("), out.toString());
        assertTrue(out.toString().contains("sent 200 ("), out.toString());
    }

    private static int produce(StringWriter out, String... args) {
        List<String> all = new ArrayList<>(List.of("--bootstrap", kafka.bootstrapServers()));
        all.addAll(List.of(args));
        return new CommandLine(new ProduceCommand()).setOut(new PrintWriter(out)).execute(all.toArray(String[]::new));
    }

    /** Reads the input topics from the start until {@code expected} records arrived, then half a second more. */
    private static List<ConsumerRecord<String, byte[]>> readInputTopics(int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(INPUT_TOPICS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return records;
    }
}
