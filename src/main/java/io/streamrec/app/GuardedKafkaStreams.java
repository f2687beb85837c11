package io.streamrec.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * {@link KafkaStreams} whose {@link #metrics()} leaves out the gauges that crash the JVM when read at the wrong
 * moment. In Kafka Streams 4.4.0 a transactional store's {@code uncommitted-bytes} gauge reads the RocksDB write
 * batch without checking that the store is open, and {@code MeteredKeyValueStore.close} closes the store before it
 * removes the store's metrics. Micrometer's binder reads every metric it is given on its refresh thread, and a
 * Prometheus scrape reads the gauges it bound until its next refresh: a read after a store closed (shutdown, or a
 * task moving away at a rebalance) dereferences freed native memory, a SIGSEGV (seen in the capacity bench at
 * SIGTERM). Nothing here needs that gauge, so no reader is ever handed it.
 */
final class GuardedKafkaStreams extends KafkaStreams {
    static final String STATE_GROUP = "stream-state-metrics";
    static final String UNSAFE_GAUGE = "uncommitted-bytes";

    GuardedKafkaStreams(Topology topology, Properties props) {
        super(topology, props);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return withoutUnsafeGauges(super.metrics());
    }

    static Map<MetricName, Metric> withoutUnsafeGauges(Map<MetricName, ? extends Metric> metrics) {
        Map<MetricName, Metric> safe = new LinkedHashMap<>();
        metrics.forEach((name, metric) -> {
            if (!(STATE_GROUP.equals(name.group()) && UNSAFE_GAUGE.equals(name.name()))) {
                safe.put(name, metric);
            }
        });
        return java.util.Collections.unmodifiableMap(safe);
    }
}
