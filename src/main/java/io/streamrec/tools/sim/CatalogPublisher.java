package io.streamrec.tools.sim;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.kafka.KafkaClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes the simulated shop's catalog to the {@code items} topic: key = item id, value as {@link CatalogCodec}
 * writes it, through an idempotent {@code acks=all} producer that sends each record at once.
 */
public final class CatalogPublisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final CatalogCodec codec = new CatalogCodec();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();

    public CatalogPublisher(KafkaClients clients, String topic) {
        this.producer = clients.producer(Map.of(
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, 0,
                        ProducerConfig.CLIENT_ID_CONFIG, "streamrec-catalog"),
                new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends the records and waits until each is acknowledged or failed; returns how many were acknowledged. */
    public int publishAll(List<CatalogItem> items) {
        long before = failed.get();
        items.forEach(item -> publish(item, ackedAt -> { }));
        producer.flush();
        return items.size() - (int) (failed.get() - before);
    }

    /** Sends one record; {@code onAck} gets the wall-clock time (epoch ms) at which the broker acknowledged it. */
    public void publish(CatalogItem item, LongConsumer onAck) {
        producer.send(new ProducerRecord<>(topic, item.item(), codec.write(item)), (metadata, error) -> {
            if (error == null) {
                onAck.accept(System.currentTimeMillis());
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, item.item() + ": " + error.getMessage());
            }
        });
    }

    public long failed() {
        return failed.get();
    }

    /** The first failed send and why, or null. */
    public String firstError() {
        return firstError.get();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
