package io.streamrec.topology;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.VariantModels;
import java.time.Clock;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;

/** The real topology on TopologyTestDriver (real RocksDB stores), as the app configures Kafka Streams. */
final class TopologyDrivers {
    private TopologyDrivers() {
    }

    static TopologyTestDriver start(StreamrecConfig config, int partitions, ModelHolder models, PipelineMetrics metrics,
                                    Clock clock) {
        Properties props = StreamsSettings.of(config, metrics);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return new TopologyTestDriver(RecommenderTopology.build(config, partitions, models, metrics, clock), props);
    }

    static TopologyTestDriver start(StreamrecConfig config, ModelHolder models, VariantModels variants,
                                    OnlineFeedback feedback, PipelineMetrics metrics) {
        Properties props = StreamsSettings.of(config, metrics);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        return new TopologyTestDriver(RecommenderTopology.build(config, 1, models, variants, feedback, metrics,
                Clock.systemUTC()), props);
    }
}
