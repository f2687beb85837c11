package io.streamrec.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.streamrec.events.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * Input records that were not simply applied: dead-lettered by reason
 * ({@code streamrec_dlq_records_total{reason="not_json"}}), re-routed to their user's partition, or dropped because
 * they predate their user's erasure.
 */
public final class InputMetrics {
    private final MeterRegistry registry;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Counter droppedAfterErasure;
    private final Counter deadLetterLost;

    InputMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, Counter.builder("streamrec.dlq.records").tag("reason", reason.code())
                    .description("Input records sent to the dead-letter topic").register(registry));
        }
        droppedAfterErasure = Counter.builder("streamrec.events.erased")
                .description("Events dropped because they predate their user's erasure request").register(registry);
        deadLetterLost = Counter.builder("streamrec.dlq.write.failed")
                .description("Dead-letter records the broker refused (source coordinates in the ERROR log)")
                .register(registry);
    }

    public void deadLetterLost() {
        deadLetterLost.increment();
    }

    public void reject(RejectReason reason) {
        rejected.get(reason).increment();
    }

    /**
     * A record that did not sit on its user's own partition under the user's key and took the repartition hop:
     * {@code reason} is {@code no_key}, {@code wrong_key} or {@code wrong_partition} (a producer whose partitioner
     * is not Java's murmur2, e.g. librdkafka's default).
     */
    public void rerouted(String topic, String reason) {
        Counter.builder("streamrec.records.rerouted").tag("topic", topic).tag("reason", reason)
                .description("Input records re-routed to their user's partition through a repartition topic")
                .register(registry).increment();
    }

    public void droppedAfterErasure() {
        droppedAfterErasure.increment();
    }

    public long rejected(RejectReason reason) {
        return (long) rejected.get(reason).count();
    }

    public long rejectedTotal() {
        return rejected.values().stream().mapToLong(c -> (long) c.count()).sum();
    }

    public long rerouted(String reason) {
        return Math.round(registry.find("streamrec.records.rerouted").tag("reason", reason).counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    public long droppedAfterErasureCount() {
        return (long) droppedAfterErasure.count();
    }
}
