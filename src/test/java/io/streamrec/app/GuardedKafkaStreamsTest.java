package io.streamrec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class GuardedKafkaStreamsTest {

    @Test
    void shouldHandOutEveryMetricButTheUncommittedBytesGaugeWithoutReadingAny() {
        Map<MetricName, Metric> all = new LinkedHashMap<>();
        MetricName unsafe = name(GuardedKafkaStreams.UNSAFE_GAUGE, GuardedKafkaStreams.STATE_GROUP);
        MetricName putRate = name("put-rate", GuardedKafkaStreams.STATE_GROUP);
        MetricName sameNameOtherGroup = name(GuardedKafkaStreams.UNSAFE_GAUGE, "stream-task-metrics");
        MetricName commitRate = name("commit-rate", "stream-thread-metrics");
        for (MetricName name : new MetricName[]{unsafe, putRate, sameNameOtherGroup, commitRate}) {
            all.put(name, unreadable(name));
        }

        Map<MetricName, Metric> safe = GuardedKafkaStreams.withoutUnsafeGauges(all);

        assertEquals(java.util.List.of(putRate, sameNameOtherGroup, commitRate), java.util.List.copyOf(safe.keySet()));
    }

    private static MetricName name(String name, String group) {
        return new MetricName(name, group, "", Map.of("task-id", "0_0", "rocksdb-state-id", "sessions"));
    }

    /** Reading it fails the test: filtering must not touch the values (a read is what crashes). */
    private static Metric unreadable(MetricName name) {
        return new Metric() {
            @Override
            public MetricName metricName() {
                return name;
            }

            @Override
            public Object metricValue() {
                throw new AssertionError("read " + name);
            }
        };
    }
}
