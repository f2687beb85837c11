package io.streamrec.tools.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.demo.LatencyRecorder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a bench output topic as the web tier would ({@code read_committed}): counts records and, once
 * {@link #startTiming()} was called, records for each one the time from its event's timestamp (stamped just
 * before the event was produced) to its arrival here. Both kinds of output carry that timestamp in {@code ts}
 * (the client loop's re-encoded event) or {@code event_ts} (a recommendation list).
 */
final class OutputProbe implements Runnable, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConsumer<String, byte[]> consumer;
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final Thread thread = new Thread(this, "bench-output-probe");
    private volatile boolean running = true;
    private volatile long timingFromMillis = Long.MAX_VALUE;
    private volatile long count;

    /** @param fromEnd read only what is written from now on (the fixed-rate phase), not the topic's history */
    OutputProbe(KafkaClients clients, String topic, boolean fromEnd) {
        this.consumer = clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bench-probe-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve now, before anything new is written
        } else {
            consumer.seekToBeginning(partitions);
        }
    }

    void start() {
        thread.start();
    }

    /** Latency is recorded only for events stamped from now on (the fixed-rate phase, after its warm-up). */
    void startTiming() {
        timingFromMillis = System.currentTimeMillis();
    }

    long count() {
        return count;
    }

    LatencyRecorder latencies() {
        return latencies;
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long arrived = System.currentTimeMillis();
                count++;
                long eventTs = eventTimestamp(record.value());
                if (eventTs >= timingFromMillis) {
                    latencies.record(arrived - eventTs);
                }
            }
        }
    }

    private static long eventTimestamp(byte[] value) {
        if (value == null) {
            return -1;
        }
        try {
            JsonNode node = JSON.readTree(value);
            JsonNode ts = node.has("event_ts") ? node.get("event_ts") : node.get("ts");
            return ts == null ? -1 : ts.asLong();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        consumer.close();
    }
}
