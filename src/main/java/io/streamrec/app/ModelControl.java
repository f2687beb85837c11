package io.streamrec.app;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.variants.ModelEvent;
import io.streamrec.variants.ModelEventCodec;
import io.streamrec.variants.VariantModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted {@code model-updates} topic on its own thread: every instance reads all of it, from the
 * beginning (no consumer group, nothing committed), and applies each announcement to its {@link VariantModels} —
 * loading and checking a model takes a while and must not hold up a stream thread. What became of each record goes
 * to the log, a counter and the {@code model-events} topic. {@link #start} first reads to the end, so an instance
 * serves what the topic says before it processes its first event.
 */
public final class ModelControl implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelControl.class);

    private final StreamrecConfig config;
    private final VariantModels variants;
    private final PipelineMetrics metrics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private volatile boolean running = true;

    public ModelControl(StreamrecConfig config, VariantModels variants, PipelineMetrics metrics) {
        this.config = config;
        this.variants = variants;
        this.metrics = metrics;
        KafkaClients clients = KafkaClients.of(config);
        this.consumer = clients.consumer(Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.producer = clients.producer(Map.of(), new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::follow, "streamrec-model-control");
        thread.setDaemon(true);
    }

    /** Applies what {@code model-updates} holds now (waiting at most {@code catchUp}), then follows it. */
    public void start(Duration catchUp) {
        List<TopicPartition> partitions = consumer.partitionsFor(config.modelUpdatesTopic(), catchUp).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, catchUp);
        long deadline = System.nanoTime() + catchUp.toNanos();
        while (!caughtUp(end) && System.nanoTime() < deadline) {
            applyAll(Duration.ofMillis(200));
        }
        if (!caughtUp(end)) {
            log.warn("{} not read to its end within {}; starting with what was read, following the rest",
                    config.modelUpdatesTopic(), catchUp);
        }
        thread.start();
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    private void follow() {
        try {
            while (running) {
                applyAll(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("model control stopped; the instance keeps serving its current variants", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void applyAll(Duration poll) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(poll)) {
            ModelEvent event = variants.apply(record.key(), record.value());
            metrics.modelEvent(event.outcome().wireName());
            if (event.refused()) {
                log.warn("model-updates {}: refused, still serving {}: {}", event.variant(), event.serving(),
                        event.reason());
            } else {
                log.info("model-updates {}: {} (serving {}, before {}, share {})", event.variant(),
                        event.outcome().wireName(), event.serving(), event.previous(), event.share());
            }
            producer.send(new ProducerRecord<>(config.modelEventsTopic(), event.variant(),
                    ModelEventCodec.write(event)), (metadata, e) -> {
                if (e != null) {
                    log.warn("could not write to {}: {}", config.modelEventsTopic(), e.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
