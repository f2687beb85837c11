package io.streamrec.topology;

import io.streamrec.events.InvalidEventException;
import io.streamrec.metrics.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Every record of a user must be processed by the task that holds the user's state: partition
 * {@code murmur2(user) % partitions}, where Kafka Streams' own routing (stores, interactive queries, output) puts
 * the user. Producers do not always agree (librdkafka's default partitioner hashes with CRC32; a key may be missing
 * or not the user). One instance of this filter keeps the records already in place ({@link #inPlace}); the other
 * ({@link #misplaced}) keeps the rest, re-keyed by user and counted by reason, for the repartition hop.
 */
final class RouteByUser<V> implements Processor<String, V, String, V> {
    private final int partitions;
    private final BiFunction<String, V, String> userOf;
    private final boolean keepInPlace;
    private final PipelineMetrics metrics;
    private ProcessorContext<String, V> context;

    private RouteByUser(int partitions, BiFunction<String, V, String> userOf, boolean keepInPlace,
                        PipelineMetrics metrics) {
        this.partitions = partitions;
        this.userOf = userOf;
        this.keepInPlace = keepInPlace;
        this.metrics = metrics;
    }

    static <V> RouteByUser<V> inPlace(int partitions, BiFunction<String, V, String> userOf) {
        return new RouteByUser<>(partitions, userOf, true, null);
    }

    static <V> RouteByUser<V> misplaced(int partitions, BiFunction<String, V, String> userOf,
                                        PipelineMetrics metrics) {
        return new RouteByUser<>(partitions, userOf, false, metrics);
    }

    /** The partition Kafka's Java producer and Kafka Streams choose for a String key. */
    static int partitionOf(String user, int partitions) {
        return Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, V> record) {
        String user;
        try {
            user = userOf.apply(record.key(), record.value());
        } catch (InvalidEventException e) {
            if (keepInPlace) {
                return; // the other filter sees the same record and reports it, once
            }
            throw e;
        }
        String misplacement = misplacement(record.key(), user);
        if (misplacement == null && keepInPlace) {
            context.forward(record);
        } else if (misplacement != null && !keepInPlace) {
            metrics.input().rerouted(context.recordMetadata().map(m -> m.topic()).orElse("?"), misplacement);
            // The hop writes the record again: the input's headers stay behind (they could exceed what a write takes).
            // and its time is bounded by the clock, as the broker bounds what it accepts.
            context.forward(record.withKey(user).withHeaders(new RecordHeaders())
                    .withTimestamp(Math.min(record.timestamp(), System.currentTimeMillis())));
        }
    }

    private String misplacement(String key, String user) {
        if (key == null) {
            return "no_key";
        }
        if (!key.equals(user)) {
            return "wrong_key";
        }
        int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
        return partition == partitionOf(user, partitions) ? null : "wrong_partition";
    }
}
