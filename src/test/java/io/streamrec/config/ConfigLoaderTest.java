package io.streamrec.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.scoring.Device;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void shouldUseDefaultsWhenNothingIsSet() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of());
        assertFalse(config.hasBootstrapServers());
        assertEquals("exactly_once_v2", config.processingGuarantee());
        assertEquals(10, config.topK());
        assertEquals(Device.AUTO, config.device());
        assertTrue(config.kafka().isEmpty());
    }

    @Test
    void shouldLayerFileThenEnvironmentThenOverrides(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("streamrec.properties");
        Files.writeString(file, """
                bootstrap.servers=file:9092
                batch.max.size=64
                top.k=5
                kafka.security.protocol=SASL_SSL
                """);
        Map<String, String> env = Map.of(
                "STREAMREC_BATCH_MAX_SIZE", "128",
                "STREAMREC_KAFKA_SASL_MECHANISM", "PLAIN",
                "UNRELATED", "x");
        StreamrecConfig config = ConfigLoader.load(file, env, Map.of("top.k", "7"));

        assertEquals("file:9092", config.bootstrapServers());
        assertEquals(128, config.batchMaxSize());
        assertEquals(7, config.topK());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN"), config.kafka());
    }

    @Test
    void shouldParseDurationsAndBooleans() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(),
                Map.of("batch.max.delay.ms", "20", "exclude.last.event.item", "false", "device", "cpu"));
        assertEquals(Duration.ofMillis(20), config.batchMaxDelay());
        assertFalse(config.rankingRules().excludeLastEventItem());
        assertEquals(Device.CPU, config.device());
    }

    @Test
    void shouldExplainListsUnlessSwitchedOff() {
        assertTrue(ConfigLoader.load(null, Map.of(), Map.of()).ranking().explain());
        assertFalse(ConfigLoader.load(null, Map.of("STREAMREC_EXPLAIN_ENABLED", "false"), Map.of()).ranking().explain());
    }

    @Test
    void shouldRefuseUnknownKeysAndBadValuesNamingTheKey() {
        assertTrue(assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("batch.size", "1"))).getMessage().contains("batch.size"));
        assertTrue(assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("top.k", "ten"))).getMessage().contains("top.k"));
        assertTrue(assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("top.k", "0"))).getMessage().contains("top.k"));
        assertTrue(assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("processing.guarantee", "exactly_once")))
                .getMessage().contains("processing.guarantee"));
        assertTrue(assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("device", "tpu"))).getMessage().contains("tpu"));
    }

    @Test
    void shouldParseTheRetrievalSettings() {
        StreamrecConfig defaults = ConfigLoader.load(null, Map.of(), Map.of());
        assertEquals(io.streamrec.scoring.RetrievalOptions.Mode.AUTO, defaults.inferenceOptions().retrieval().mode());
        StreamrecConfig ann = ConfigLoader.load(null, Map.of(), Map.of("scoring.retrieval", "ANN",
                "scoring.ann.candidates", "32"));
        assertEquals(io.streamrec.scoring.RetrievalOptions.Mode.ANN, ann.inferenceOptions().retrieval().mode());
        assertEquals(32, ann.inferenceOptions().retrieval().candidates());
        org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of(), Map.of("scoring.retrieval", "hnsw")));
    }
}
