package io.streamrec.tools.bench;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import io.streamrec.events.EventCodec;
import io.streamrec.events.InvalidEventException;
import io.streamrec.topology.RecommenderTopology;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor under every streamrec configuration: consume the input topics, parse and validate each event,
 * produce it (re-encoded) keyed by user, commit offsets. No state, no model, no transactions.
 */
final class ClientLoop implements Runnable, AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final String outputTopic;
    private final EventCodec codec = new EventCodec();
    private volatile boolean running = true;
    private volatile boolean assigned;
    private final Thread thread = new Thread(this, "bench-client-loop");

    ClientLoop(KafkaClients clients, String groupId, String outputTopic) {
        this.consumer = clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = clients.producer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
        this.outputTopic = outputTopic;
    }

    void start() {
        thread.start();
    }

    boolean isAssigned() {
        return assigned;
    }

    @Override
    public void run() {
        consumer.subscribe(Topics.eventTopicNames());
        while (running) {
            ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(5));
            assigned = assigned || !consumer.assignment().isEmpty();
            for (ConsumerRecord<String, byte[]> record : records) {
                try {
                    var event = codec.parse(record.value());
                    producer.send(new ProducerRecord<>(outputTopic, null, event.ts(), event.user(), codec.write(event)));
                } catch (InvalidEventException bad) {
                    // the backlog is valid; nothing to count
                }
            }
            if (!records.isEmpty()) {
                consumer.commitAsync();
            }
        }
        producer.flush();
        consumer.commitSync();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
        consumer.close();
        producer.close();
    }
}
