package io.streamrec.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaPreflightTest {

    @Test
    void shouldUseTheSharedAndAdminClientSettingsButNotThoseOfOtherClients() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of(
                "bootstrap.servers", "broker:9093",
                "kafka.security.protocol", "SASL_SSL",
                "kafka.sasl.mechanism", "SCRAM-SHA-512",
                "kafka.admin.client.id", "preflight",
                "kafka.producer.linger.ms", "7",
                "kafka.main.consumer.fetch.min.bytes", "1"));

        // what KafkaPreflight.check gives its Admin
        Map<String, Object> settings = KafkaClients.of(config).adminSettings(KafkaPreflight.timeouts(Duration.ofSeconds(5)));

        assertEquals("broker:9093", settings.get("bootstrap.servers"));
        assertEquals("SASL_SSL", settings.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", settings.get("sasl.mechanism"));
        assertEquals("preflight", settings.get("client.id"));
        assertFalse(settings.keySet().stream().anyMatch(k -> k.contains("linger") || k.contains("fetch")), settings.toString());
        assertEquals(5000, settings.get("default.api.timeout.ms"));
        assertEquals(5000, settings.get("request.timeout.ms"));
    }
}
