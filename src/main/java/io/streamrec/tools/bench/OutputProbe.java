package io.streamrec.tools.bench;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.demo.LatencyRecorder;
import java.nio.charset.StandardCharsets;
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
 * Reads a bench output topic as the web tier would ({@code read_committed}), from its end at construction. While a
 * {@link Window} is open, every output that arrives is counted and its latency recorded: arrival time minus the
 * {@code event_ts} it carries (the newest event it reflects, stamped just before that event was produced). Windows
 * are by arrival, so when the app falls behind, the late outputs land in the window and p99 shows it.
 */
final class OutputProbe implements Runnable, AutoCloseable {
    private static final byte[] EVENT_TS = "\"event_ts\":".getBytes(StandardCharsets.US_ASCII);

    /** Outputs that arrived while it was open. */
    static final class Window {
        final LatencyRecorder latencies = new LatencyRecorder();
        volatile long count;
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread = new Thread(this, "bench-output-probe");
    private volatile boolean running = true;
    private volatile Window window;
    private volatile long seen;

    OutputProbe(KafkaClients clients, String topic) {
        this.consumer = clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "bench-probe-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve now, before the app writes anything
    }

    void start() {
        thread.start();
    }

    /** Outputs read so far, windows or not. */
    long seen() {
        return seen;
    }

    Window open() {
        Window opened = new Window();
        window = opened;
        return opened;
    }

    /** Stops recording into the open window and returns it. */
    Window close(Window open) {
        if (window == open) {
            window = null;
        }
        return open;
    }

    @Override
    public void run() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                seen++;
                Window current = window;
                if (current == null) {
                    continue;
                }
                long arrived = System.currentTimeMillis();
                current.count++;
                long eventTs = eventTimestamp(record.value());
                if (eventTs > 0) {
                    current.latencies.record(arrived - eventTs);
                }
            }
        }
    }

    /**
     * The number after {@code "event_ts":} in a JSON value, or -1. A scan rather than a parse: at tens of thousands
     * of outputs a second a full parse would take a good share of a core that the app under test needs.
     */
    static long eventTimestamp(byte[] value) {
        if (value == null) {
            return -1;
        }
        int at = indexOf(value, EVENT_TS);
        if (at < 0) {
            return -1;
        }
        int i = at + EVENT_TS.length;
        while (i < value.length && value[i] == ' ') {
            i++;
        }
        long ts = 0;
        int digits = 0;
        for (; i < value.length && value[i] >= '0' && value[i] <= '9' && digits < 19; i++, digits++) {
            ts = ts * 10 + (value[i] - '0');
        }
        return digits == 0 ? -1 : ts;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        consumer.close();
    }
}
