package io.streamrec.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.config.ConfigException;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.metrics.PipelineMetrics;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

    @Test
    void shouldRefuseAKafkaKeyThatWouldSilentlyOverrideATypedSetting() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of("kafka.processing.guarantee", "at_least_once"));

        ConfigException refused = assertThrows(ConfigException.class,
                () -> StreamsSettings.of(config, new PipelineMetrics()));

        assertTrue(refused.getMessage().contains("processing.guarantee"), refused.getMessage());
    }

    @Test
    void shouldPassTuningKeysThrough() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of("kafka.producer.linger.ms", "5",
                "kafka.security.protocol", "SASL_SSL"));

        Properties props = StreamsSettings.of(config, new PipelineMetrics());

        assertEquals("5", props.get("producer.linger.ms"));
        assertEquals("SASL_SSL", props.get("security.protocol"));
        assertEquals("exactly_once_v2", props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    @Test
    void shouldLingerUnderExactlyOnceOnlyAndNeverPastTheCommitInterval() {
        assertEquals(5L, StreamsSettings.of(ConfigLoader.load(null, Map.of(), Map.of()), new PipelineMetrics())
                .get("producer.linger.ms"));
        assertEquals(2L, StreamsSettings.of(ConfigLoader.load(null, Map.of(), Map.of("commit.interval.ms", "2")),
                new PipelineMetrics()).get("producer.linger.ms"));
        assertEquals(0L, StreamsSettings.of(ConfigLoader.load(null, Map.of(),
                Map.of("processing.guarantee", "at_least_once")), new PipelineMetrics()).get("producer.linger.ms"));
    }
}
