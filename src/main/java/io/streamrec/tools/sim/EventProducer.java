package io.streamrec.tools.sim;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to the input topic of their type ({@link EventType#topic()}), keyed by user id, as
 * {@link EventCodec} JSON with the event time as record timestamp, at a target rate.
 *
 * <p>The producer is idempotent with {@code acks=all}: a retried send is never duplicated and an
 * acknowledged event is on every in-sync replica. Every send is counted as sent (acknowledged) or failed;
 * {@link #produce} flushes before it returns, so its counts are final.
 */
public final class EventProducer implements AutoCloseable {
    private static final Map<String, String> REQUIRED = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
            ProducerConfig.ACKS_CONFIG, "all");
    private static final long MAX_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Producer<String, byte[]> producer;
    private final EventCodec codec = new EventCodec();
    private volatile boolean stopRequested;
    private boolean topicsChecked;

    /**
     * A producer from {@code clients} (their {@code kafka.*} settings: security, client.id, linger.ms ...).
     *
     * @param settings the caller's own producer settings, over {@code kafka.*} (e.g. linger.ms for latency);
     *                 idempotence and acks are fixed, and neither these nor {@code kafka.*} may contradict them
     */
    public EventProducer(KafkaClients clients, Map<String, ?> settings) {
        this(clients.producer(required(clients, settings), new StringSerializer(), new ByteArraySerializer()));
    }

    EventProducer(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /**
     * The settings the producer gets: {@code kafka.*}, the caller's over them, the fixed ones over all; a client id
     * and a short {@code max.block.ms} unless one of those sets them.
     */
    static Map<String, Object> config(KafkaClients clients, Map<String, ?> settings) {
        return clients.producerSettings(required(clients, settings));
    }

    /**
     * What this producer passes to {@link KafkaClients} as required: the caller's settings and the fixed ones,
     * plus a client id and a short {@code max.block.ms} unless {@code kafka.*} sets them. Refuses a setting from
     * either side that contradicts idempotent {@code acks=all} delivery, rather than overriding it silently.
     */
    private static Map<String, Object> required(KafkaClients clients, Map<String, ?> settings) {
        Map<String, Object> given = clients.producerSettings(settings);
        REQUIRED.forEach((key, value) -> {
            Object setting = given.get(key);
            if (setting != null && !String.valueOf(setting).strip().equalsIgnoreCase(value)) {
                throw new IllegalArgumentException(key + "=" + setting + " is not allowed: the producer needs "
                        + key + "=" + value);
            }
        });
        Map<String, Object> required = new HashMap<>(settings);
        required.putAll(REQUIRED);
        required.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG,
                given.getOrDefault(ProducerConfig.CLIENT_ID_CONFIG, "streamrec-producer"));
        // fail within seconds, not the default minute, when the cluster or a topic is missing
        required.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG,
                given.getOrDefault(ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"));
        return required;
    }

    /** Sends the events of a JSON-lines file; invalid lines are skipped and counted. */
    public ProduceStats produce(Path jsonl, ProducePlan plan) throws IOException {
        try (JsonlEvents events = new JsonlEvents(jsonl, codec)) {
            return produce(events, plan).withSkipped(events.skipped(), events.firstProblem());
        }
    }

    /** Sends simulated events; in live mode each is generated (and stamped) just before it is sent. */
    public ProduceStats produce(ShopperSimulator simulator, ProducePlan plan) {
        return produce(new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Event next() {
                return simulator.next();
            }
        }, plan);
    }

    /** Sends events from the iterator, paced by the plan, until a limit is reached or the source ends. */
    public ProduceStats produce(Iterator<Event> events, ProducePlan plan) {
        requireTopics();
        Counters counters = new Counters();
        long started = System.nanoTime();
        long deadline = plan.maxDuration() == null ? Long.MAX_VALUE : started + plan.maxDuration().toNanos();
        long limit = plan.maxEvents() == 0 ? Long.MAX_VALUE : plan.maxEvents();
        Pacer pacer = new Pacer(plan.eventsPerSecond(), started);
        long attempted = 0;
        while (!stopRequested && attempted < limit && events.hasNext()) {
            long now = System.nanoTime();
            if (now - deadline >= 0) break;
            long wait = Math.min(pacer.nanosUntilDue(attempted, now), deadline - now);
            if (wait >= MIN_SLEEP_NANOS) {
                sleep(Math.min(wait, MAX_SLEEP_NANOS));
                continue;
            }
            send(events.next(), counters);
            attempted++;
        }
        flush();
        return counters.stats(Duration.ofNanos(System.nanoTime() - started));
    }

    /** Makes a running {@link #produce} stop after the current event; safe from any thread (Ctrl-C hook). */
    public void requestStop() {
        stopRequested = true;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private void send(Event event, Counters counters) {
        String topic = Topics.eventTopic(event.type());
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(topic, null, event.ts(), event.user(), codec.write(event));
        try {
            producer.send(record, (RecordMetadata metadata, Exception error) -> counters.record(topic, error));
        } catch (KafkaException e) {
            counters.record(topic, e);
        }
    }

    /** Fails fast, with a hint, when an input topic does not exist (automatic creation is usually off). */
    private void requireTopics() {
        if (topicsChecked) return;
        for (EventType type : EventType.values()) {
            try {
                producer.partitionsFor(Topics.eventTopic(type));
            } catch (KafkaException e) {
                throw new IllegalStateException("topic " + Topics.eventTopic(type) + " is not available (" + e.getMessage()
                        + "): is the cluster reachable, and were the topics created (`streamrec topics apply`)?", e);
            }
        }
        topicsChecked = true;
    }

    /** Waits for every outstanding send, even when this thread was interrupted (Ctrl-C). */
    private void flush() {
        boolean interrupted = Thread.interrupted();
        producer.flush();
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
        }
    }

    /** Delivery outcomes; updated from the producer's I/O thread. */
    private static final class Counters {
        private final AtomicLong sent = new AtomicLong();
        private final AtomicLong failed = new AtomicLong();
        private final Map<String, AtomicLong> perTopic = new ConcurrentHashMap<>();
        private final AtomicReference<String> firstError = new AtomicReference<>();

        void record(String topic, Exception error) {
            if (error == null) {
                sent.incrementAndGet();
                perTopic.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstError.compareAndSet(null, topic + ": " + Objects.toString(error.getMessage(), error.toString()));
            }
        }

        ProduceStats stats(Duration elapsed) {
            Map<String, Long> counts = new HashMap<>();
            perTopic.forEach((topic, count) -> counts.put(topic, count.get()));
            return new ProduceStats(sent.get(), failed.get(), 0, elapsed, counts, firstError.get());
        }
    }
}
