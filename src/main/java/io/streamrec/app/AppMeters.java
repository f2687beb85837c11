package io.streamrec.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.topology.RecommenderTopology;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** The instance-wide meters beside the pipeline's own: Kafka Streams', the JVM's, the model and the store size. */
final class AppMeters {
    private AppMeters() {
    }

    /** @return Kafka Streams' meters, to be closed before the streams are (see {@link GuardedKafkaStreams}) */
    static KafkaStreamsMetrics bind(MeterRegistry registry, KafkaStreams streams, ModelHolder models) {
        KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
        kafka.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("streamrec.model.info", () -> 1).tag("version", models.current().version())
                .description("The model version being served").register(registry);
        Gauge.builder("streamrec.sessions.estimated", () -> estimatedLocalSessions(streams))
                .description("Approximate users in this instance's session stores (RocksDB estimate)")
                .register(registry);
        return kafka;
    }

    private static double estimatedLocalSessions(KafkaStreams streams) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(RecommenderTopology.SESSION_STORE,
                    QueryableStoreTypes.<String, Object>keyValueStore())).approximateNumEntries();
        } catch (RuntimeException e) {
            return Double.NaN; // not queryable while rebalancing or restoring
        }
    }
}
