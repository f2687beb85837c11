package io.streamrec.tools.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.sim.EventProducer;
import io.streamrec.tools.sim.ProducePlan;
import io.streamrec.tools.topics.LeaderWait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {
    @TempDir
    static Path dataDir;
    static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
        kafka.close();
        assertFalse(kafka.isRunning());
    }

    @Test
    void shouldDeliverOnlyCommittedTransactionsToReadCommittedConsumers() throws Exception {
        String topic = createTopic("tx");
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "k", "aborted-2"));
            producer.abortTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "committed-" + i));
            }
            producer.commitTransaction();
        }

        List<String> values = readAll(topic, 3, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));

        assertEquals(List.of("committed-0", "committed-1", "committed-2"), values);
    }

    @Test
    void shouldKeepDataAndAddressAcrossRestart() throws Exception {
        String topic = createTopic("restart");
        String bootstrap = kafka.bootstrapServers();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig())) {
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "v" + i)).get();
            }
        }

        kafka.restart();

        assertTrue(kafka.isRunning());
        assertEquals(bootstrap, kafka.bootstrapServers());
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), readAll(topic, 5, Map.of()));
    }

    @Test
    void shouldReopenTheDataDirectoryOfAClosedBroker(@TempDir Path otherDir) throws Exception {
        String topic;
        try (EmbeddedKafka first = EmbeddedKafka.start(otherDir)) {
            topic = createTopic(first, "reopen");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(first))) {
                producer.send(new ProducerRecord<>(topic, "k", "kept")).get();
            }
        }

        try (EmbeddedKafka second = EmbeddedKafka.start(otherDir)) {
            assertEquals(List.of("kept"), readAll(second, topic, 1, Map.of()));
        }
    }

    @Test
    void shouldRefuseToCreateTopicsImplicitly() {
        IllegalStateException error;
        try (EventProducer producer = new EventProducer(new KafkaClients(kafka.bootstrapServers(), Map.of()),
                Map.of("max.block.ms", "2000"))) {
            error = assertThrows(IllegalStateException.class, () -> producer.produce(
                    List.of(Event.of("u1", "sku-1", EventType.CLICK, System.currentTimeMillis())).iterator(),
                    ProducePlan.unlimited(0)));
        }

        assertTrue(error.getMessage().contains("streamrec topics apply"), error.getMessage());
    }

    private static String createTopic(String prefix) throws Exception {
        return createTopic(kafka, prefix);
    }

    private static String createTopic(EmbeddedKafka broker, String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, 1, (short) 1))).all().get();
            LeaderWait.await(admin, Map.of(name, 1), Duration.ofSeconds(30));
        }
        return name;
    }

    private static Properties producerConfig() {
        return producerConfig(kafka);
    }

    private static Properties producerConfig(EmbeddedKafka broker) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    private static KafkaProducer<String, String> transactionalProducer() {
        Properties props = producerConfig();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-it-" + UUID.randomUUID());
        return new KafkaProducer<>(props);
    }

    private static List<String> readAll(String topic, int expected, Map<String, Object> extra) {
        return readAll(kafka, topic, expected, extra);
    }

    private static List<String> readAll(EmbeddedKafka broker, String topic, int expected, Map<String, Object> extra) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.putAll(extra);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Poll past the expected count briefly so that extra (e.g. aborted) records would show up.
            long settleUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                if (values.size() >= expected && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.nanoTime() + Duration.ofMillis(500).toNanos();
                }
            }
        }
        return values;
    }
}
