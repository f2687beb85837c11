package io.streamrec.tools.chaos;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import io.streamrec.events.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Steady load with a known ground truth: valid events for {@code users} shoppers at {@code rate}/s (each with a
 * unique {@code event_id} and a per-user strictly increasing ts), plus one bad record every {@code badEvery}
 * events, cycling through the bad-input catalogue (including a replayed {@code event_id}). An event counts as
 * sent only once the broker acknowledged it.
 *
 * <p>With a {@link LibrdkafkaProducer}, a share of the valid events (drawn per event, so one user's events come
 * from both clients) and every erasure go through it: librdkafka's default partitioner puts most of them on
 * another partition than Java's would, which the app must route to the user's task.
 */
final class ChaosLoad implements Runnable {
    private final KafkaProducer<String, byte[]> producer;
    /** Sends the poison records: zstd, and requests far above the 1 MiB default (the broker checks compressed). */
    private final KafkaProducer<String, byte[]> poison;
    private final GroundTruth truth;
    private final int users;
    private final double rate;
    private final int badEvery;
    private final EventCodec codec = new EventCodec();
    private final Random random = new Random(2026);
    private final Map<String, Long> lastTs = new HashMap<>();
    private final Set<String> erasing = ConcurrentHashMap.newKeySet();
    private final String deletionsTopic;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong ackedJava = new AtomicLong();
    private final AtomicLong ackedLibrdkafka = new AtomicLong();
    private final LibrdkafkaProducer foreign;
    private final double foreignShare;
    private volatile boolean running = true;
    private long sent;
    private int badKind;

    ChaosLoad(KafkaClients clients, GroundTruth truth, int users, double rate, int badEvery, String deletionsTopic) {
        this(clients, truth, users, rate, badEvery, deletionsTopic, null, 0);
    }

    /**
     * @param foreign      the non-Java producer, or null to send everything from Java
     * @param foreignShare the share of valid events it sends (0 to 1); it sends every erasure
     */
    ChaosLoad(KafkaClients clients, GroundTruth truth, int users, double rate, int badEvery, String deletionsTopic,
              LibrdkafkaProducer foreign, double foreignShare) {
        this.producer = clients.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // Rides out a broker restart: retried sends keep their order and are never duplicated (idempotence).
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new StringSerializer(), new ByteArraySerializer());
        this.poison = clients.producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000),
                new StringSerializer(), new ByteArraySerializer());
        this.truth = truth;
        this.users = users;
        this.rate = rate;
        this.badEvery = badEvery;
        this.deletionsTopic = deletionsTopic;
        this.foreign = foreign;
        this.foreignShare = foreign == null ? 0 : foreignShare;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        while (running) {
            long due = start + (long) (sent * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                sleep(Math.min(wait / 1_000_000, 50));
                continue;
            }
            sent++;
            if (badEvery > 0 && sent % badEvery == 0) {
                sendBad();
            } else {
                sendValid();
            }
        }
        producer.flush();
        poison.flush();
    }

    private void sendValid() {
        String user = "chaos-u" + random.nextInt(users);
        if (erasing.contains(user)) {
            return;
        }
        long ts = Math.max(System.currentTimeMillis(), lastTs.getOrDefault(user, 0L) + 1);
        lastTs.put(user, ts);
        int roll = random.nextInt(100);
        EventType type = roll < 90 ? EventType.CLICK : roll < 98 ? EventType.CART : EventType.PURCHASE;
        Event event = new Event(user, "sku-" + random.nextInt(1000), type, ts, user + "-" + ts, null, null, null);
        byte[] value = codec.write(event);
        if (foreignShare > 0 && random.nextDouble() < foreignShare) {
            foreign.send(Topics.eventTopic(type), user, value, ts, error -> acked(event, error, ackedLibrdkafka));
        } else {
            producer.send(new ProducerRecord<>(Topics.eventTopic(type), null, ts, user, value),
                    (meta, error) -> acked(event, error, ackedJava));
        }
    }

    private void acked(Event event, Exception error, AtomicLong byClient) {
        if (error == null) {
            truth.acked(event);
            byClient.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
    }

    private void sendBad() {
        long now = System.currentTimeMillis();
        if (badKind % (RejectReason.values().length * POISON_EVERY_CYCLES) == 0) {
            sendPoison(now, (badKind / (RejectReason.values().length * POISON_EVERY_CYCLES)) % 4);
        }
        RejectReason reason = RejectReason.values()[badKind++ % RejectReason.values().length];
        byte[] value = switch (reason) {
            case NOT_JSON -> "not json {".getBytes(StandardCharsets.UTF_8);
            case INVALID_UTF8 -> new byte[] {'{', '"', 'u', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            case WRONG_SHAPE -> "[1, 2, 3]".getBytes(StandardCharsets.UTF_8);
            case MISSING_USER -> json("{\"item\":\"sku-1\",\"type\":\"click\",\"ts\":" + now + "}");
            case MISSING_ITEM -> json("{\"user\":\"chaos-bad\",\"type\":\"click\",\"ts\":" + now + "}");
            case UNKNOWN_TYPE -> json("{\"user\":\"chaos-bad\",\"item\":\"sku-1\",\"type\":\"wishlist\",\"ts\":" + now + "}");
            case BAD_TS -> json("{\"user\":\"chaos-bad\",\"item\":\"sku-1\",\"type\":\"click\",\"ts\":-5}");
            case OVERSIZE -> json("{\"user\":\"chaos-bad\",\"item\":\"" + "x".repeat(1000) + "\",\"type\":\"click\",\"ts\":" + now + "}");
            case TOO_OLD -> json("{\"user\":\"chaos-bad\",\"item\":\"sku-1\",\"type\":\"click\",\"ts\":1000}");
            case DUPLICATE -> null;
        };
        if (value == null) {
            sendReplay(now);
            return;
        }
        producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), "chaos-bad", value), (meta, error) -> {
            if (error == null) {
                truth.expectDeadLetter(reason);
            }
        });
    }

    private static final int POISON_EVERY_CYCLES = 5;

    /**
     * Records that once could stop an instance: a 5,000,000-byte value that arrives zstd-compressed, a bad record
     * with 1.5 MB of headers, a deletion with a 100,000-character key, and a valid event keyed otherwise with
     * 1 MB of headers (it must be applied, after the repartition hop). A timestamp of -1 cannot be sent by any
     * current client; RequestTimeExtractor's unit test covers it.
     */
    private void sendPoison(long now, int kind) {
        String events = Topics.eventTopic(EventType.CLICK);
        switch (kind) {
            case 0 -> poison.send(new ProducerRecord<>(events, "chaos-bad", json("{\"user\":\"chaos-bad\",\"item\":\""
                    + "x".repeat(5_000_000) + "\",\"type\":\"click\",\"ts\":" + now + "}")), deadLetter(RejectReason.OVERSIZE));
            case 1 -> {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(events, "chaos-bad", json("not json {"));
                for (int i = 0; i < 3; i++) {
                    record.headers().add("trace-" + i, new byte[500_000]);
                }
                poison.send(record, deadLetter(RejectReason.NOT_JSON));
            }
            case 2 -> poison.send(new ProducerRecord<String, byte[]>(deletionsTopic, "k".repeat(100_000), null),
                    deadLetter(RejectReason.OVERSIZE));
            default -> {
                String user = "chaos-u" + random.nextInt(users);
                if (erasing.contains(user)) {
                    return;
                }
                long ts = Math.max(now, lastTs.getOrDefault(user, 0L) + 1);
                lastTs.put(user, ts);
                Event event = new Event(user, "sku-" + random.nextInt(1000), EventType.CLICK, ts, user + "-" + ts,
                        null, null, null);
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(events, null, ts, "k".repeat(10_000),
                        codec.write(event));
                record.headers().add("trace", new byte[1_000_000]);
                poison.send(record, (meta, error) -> acked(event, error, ackedJava));
            }
        }
    }

    private org.apache.kafka.clients.producer.Callback deadLetter(RejectReason reason) {
        return (meta, error) -> {
            if (error == null) {
                truth.expectDeadLetter(reason);
            } else {
                failed.incrementAndGet();
            }
        };
    }

    /** Sends a valid event, then the very same event again: the second must be dead-lettered as a duplicate. */
    private void sendReplay(long now) {
        String user = "chaos-replay" + random.nextInt(20);
        long ts = Math.max(now, lastTs.getOrDefault(user, 0L) + 1);
        lastTs.put(user, ts);
        Event event = new Event(user, "sku-" + random.nextInt(1000), EventType.CLICK, ts, user + "-" + ts,
                null, null, null);
        byte[] value = codec.write(event);
        producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), null, ts, user, value), (meta, error) -> {
            if (error == null) {
                truth.acked(event);
            }
        });
        producer.send(new ProducerRecord<>(Topics.eventTopic(EventType.CLICK), null, ts, user, value), (meta, error) -> {
            if (error == null) {
                truth.expectDeadLetter(RejectReason.DUPLICATE);
            }
        });
    }

    /**
     * Asks the app to erase {@code count} users (right to be forgotten) and sends none of their events after that.
     * Called from another thread while the load runs; the load thread stops choosing them first.
     */
    void erase(int count) throws InterruptedException {
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = "chaos-u" + (i * Math.max(1, users / count));
            erasing.add(user);
            chosen.add(user);
        }
        // Let the load thread finish an event it may be sending for one of them; the request's timestamp is a
        // second ahead because per-user timestamps are kept strictly increasing and may run a little ahead.
        Thread.sleep(100);
        for (String user : chosen) {
            long ts = System.currentTimeMillis() + 1_000;
            if (foreign != null) {
                foreign.send(deletionsTopic, user, null, ts, error -> erased(user, error));
            } else {
                producer.send(new ProducerRecord<String, byte[]>(deletionsTopic, null, ts, user, null),
                        (meta, error) -> erased(user, error));
            }
        }
    }

    private void erased(String user, Exception error) {
        if (error == null) {
            truth.erased(user);
        } else {
            failed.incrementAndGet();
        }
    }

    /** Valid events acknowledged from the Java producer. */
    long ackedJava() {
        return ackedJava.get();
    }

    /** Valid events acknowledged from the librdkafka producer. */
    long ackedLibrdkafka() {
        return ackedLibrdkafka.get();
    }

    /** True when erasures and a share of the events go through librdkafka. */
    boolean mixed() {
        return foreign != null;
    }

    long failed() {
        return failed.get();
    }

    void stop() {
        running = false;
    }

    /** Closes the producers once each has reported every record sent. */
    void close() throws InterruptedException {
        producer.close();
        poison.close();
        if (foreign != null) {
            foreign.close();
        }
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
