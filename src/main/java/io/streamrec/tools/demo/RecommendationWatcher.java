package io.streamrec.tools.demo;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.ranking.Recommendation;
import io.streamrec.ranking.RecommendationCodec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What the web tier would see: reads the recommendations topic (read_committed) and the dead-letter topic,
 * measures event→recommendation latency at arrival, keeps the latest list of the most recently served users.
 */
public final class RecommendationWatcher implements Runnable, AutoCloseable {
    private static final int LATEST_KEPT = 20_000;

    private final KafkaConsumer<String, byte[]> consumer;
    private final String recommendationsTopic;
    private final LatencyRecorder latency = new LatencyRecorder();
    private final AtomicLong recommendations = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final Map<String, Recommendation> latest = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recommendation> eldest) {
            return size() > LATEST_KEPT;
        }
    });
    private final Consumer<Recommendation> listener;
    private volatile boolean running = true;

    /** @param listener also gets every list read, on the watcher's thread */
    public RecommendationWatcher(KafkaClients clients, String recommendationsTopic, String dlqTopic,
                                 Consumer<Recommendation> listener) {
        this.listener = listener;
        this.consumer = clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "streamrec-watcher-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.recommendationsTopic = recommendationsTopic;
        consumer.subscribe(List.of(recommendationsTopic, dlqTopic));
    }

    /** Blocks until the consumer has its partitions, so nothing produced afterwards is missed. */
    public void awaitAssignment(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
    }

    @Override
    public void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(recommendationsTopic)) {
                        onRecommendation(RecommendationCodec.read(record.value()));
                    } else {
                        deadLetters.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void onRecommendation(Recommendation rec) {
        latency.record(System.currentTimeMillis() - rec.eventTs());
        listener.accept(rec);
        recommendations.incrementAndGet();
        latest.merge(rec.user(), rec, (old, now) -> now.seq() > old.seq() ? now : old);
    }

    public LatencyRecorder latency() {
        return latency;
    }

    public long recommendations() {
        return recommendations.get();
    }

    public long deadLetters() {
        return deadLetters.get();
    }

    public Recommendation latest(String user) {
        return latest.get(user);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
