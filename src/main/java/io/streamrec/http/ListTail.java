package io.streamrec.http;

import io.streamrec.kafka.KafkaClients;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the tail of the {@code recommendations} topic (every partition, committed records, no consumer group) and
 * tells {@link RecentUsers} whose list was just written: the live page's picker, the same on every instance, with
 * nothing added to the topology. It starts on the first {@link #want()} with the last {@link #BACKLOG} records of
 * each partition and reads only while the page asked for the picker in the last {@link #IDLE}; after a pause it
 * skips to the end again.
 */
final class ListTail implements AutoCloseable {
    static final int BACKLOG = 20;
    static final Duration IDLE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(ListTail.class);

    private final KafkaClients clients;
    private final String topic;
    private final RecentUsers recent;
    private volatile long wantedUntil;
    private volatile boolean closed;
    private Thread thread;
    private KafkaConsumer<String, byte[]> consumer;

    ListTail(KafkaClients clients, String topic, RecentUsers recent) {
        this.clients = clients;
        this.topic = topic;
        this.recent = recent;
    }

    /** The page asked for the picker: read (from now until {@link #IDLE} after the last call). */
    synchronized void want() {
        wantedUntil = System.nanoTime() + IDLE.toNanos();
        if (thread == null && !closed) {
            thread = new Thread(this::run, "streamrec-http-list-tail");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = clients.consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "streamrec-live-page"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            synchronized (this) {
                consumer = c;
            }
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            seekBack(c, partitions, BACKLOG);
            boolean reading = true;
            while (!closed) {
                if (System.nanoTime() - wantedUntil > 0) {
                    reading = false;
                    Thread.sleep(200);
                    continue;
                }
                if (!reading) {
                    c.seekToEnd(partitions);
                    reading = true;
                }
                for (ConsumerRecord<String, byte[]> record : c.poll(Duration.ofMillis(200))) {
                    if (record.key() == null) {
                        continue;
                    }
                    if (record.value() == null) {
                        recent.forget(record.key());
                    } else {
                        recent.saw(record.key(), record.timestamp());
                    }
                }
            }
        } catch (WakeupException | InterruptException | InterruptedException stopped) {
            // closing
        } catch (RuntimeException e) {
            log.warn("live page: following the recommendations topic failed; the picker stays as it is: {}",
                    e.toString());
        } finally {
            synchronized (this) {
                consumer = null;
            }
        }
    }

    private static void seekBack(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions, int records) {
        Map<TopicPartition, Long> begin = c.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition tp : partitions) {
            from.put(tp, Math.max(begin.get(tp), end.get(tp) - records));
        }
        from.forEach(c::seek);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (consumer != null) {
            consumer.wakeup();
        }
    }
}
