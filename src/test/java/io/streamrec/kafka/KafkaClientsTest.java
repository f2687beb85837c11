package io.streamrec.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the app's {@code kafka.*} settings reach each kind of client, and how a caller's own settings win. */
class KafkaClientsTest {
    private static final Map<String, String> KAFKA = Map.of(
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
            "producer.linger.ms", "7",
            "consumer.max.poll.records", "100",
            "admin.client.id", "tools-admin",
            "main.consumer.fetch.min.bytes", "5",
            "acks", "1",
            "fetch.max.wait.ms", "50",
            "no.such.setting", "x");
    private final KafkaClients clients = new KafkaClients("broker:9093", KAFKA);

    private List<Map<String, Object>> allThree() {
        return List.of(clients.producerSettings(Map.of()), clients.consumerSettings(Map.of()),
                clients.adminSettings(Map.of()));
    }

    @Test
    void shouldGiveAnUnprefixedSecuritySettingToProducerConsumerAndAdmin() {
        for (Map<String, Object> settings : allThree()) {
            assertEquals("broker:9093", settings.get("bootstrap.servers"), settings.toString());
            assertEquals("SASL_SSL", settings.get("security.protocol"), settings.toString());
            assertEquals("SCRAM-SHA-512", settings.get("sasl.mechanism"), settings.toString());
            assertEquals(KAFKA.get("sasl.jaas.config"), settings.get("sasl.jaas.config"), settings.toString());
        }
    }

    @Test
    void shouldGiveAPrefixedSettingOnlyToItsClientWithoutThePrefix() {
        Map<String, Object> producer = clients.producerSettings(Map.of());
        Map<String, Object> consumer = clients.consumerSettings(Map.of());
        Map<String, Object> admin = clients.adminSettings(Map.of());

        assertEquals("7", producer.get("linger.ms"));
        assertFalse(consumer.containsKey("linger.ms"), consumer.toString());
        assertFalse(admin.containsKey("linger.ms"), admin.toString());

        assertEquals("100", consumer.get("max.poll.records"));
        assertFalse(producer.containsKey("max.poll.records"), producer.toString());

        assertEquals("tools-admin", admin.get("client.id"));
        assertFalse(producer.containsKey("client.id") || consumer.containsKey("client.id"));

        for (Map<String, Object> settings : allThree()) {
            assertTrue(settings.keySet().stream().noneMatch(key -> key.contains(".linger.ms")
                    || key.startsWith("producer.") || key.startsWith("consumer.") || key.startsWith("admin.")
                    || key.startsWith("main.consumer.")), settings.toString());
        }
        // a Kafka Streams-only prefix reaches none of these clients, not even the plain consumer
        assertFalse(consumer.containsKey("fetch.min.bytes"), consumer.toString());
    }

    @Test
    void shouldLetTheCallersRequiredSettingsWinOverKafkaSettings() {
        Map<String, Object> producer = clients.producerSettings(Map.of("acks", "all", "linger.ms", 0));
        assertEquals("all", producer.get("acks"));
        assertEquals(0, producer.get("linger.ms"));

        Map<String, Object> consumer = clients.consumerSettings(Map.of("isolation.level", "read_committed",
                "max.poll.records", 10, "group.id", "g"));
        assertEquals("read_committed", consumer.get("isolation.level"));
        assertEquals(10, consumer.get("max.poll.records"));
        assertEquals("g", consumer.get("group.id"));

        Map<String, Object> admin = clients.adminSettings(Map.of("client.id", "preflight"));
        assertEquals("preflight", admin.get("client.id"));
        // required settings win over the bootstrap servers as well
        assertEquals("other:9092", clients.adminSettings(Map.of("bootstrap.servers", "other:9092"))
                .get("bootstrap.servers"));
    }

    @Test
    void shouldNotPassAKeyThatIsNoSettingOfTheClient() {
        Map<String, Object> producer = clients.producerSettings(Map.of());
        Map<String, Object> consumer = clients.consumerSettings(Map.of());
        Map<String, Object> admin = clients.adminSettings(Map.of());

        assertEquals("1", producer.get("acks"));
        assertFalse(consumer.containsKey("acks"), consumer.toString());
        assertFalse(admin.containsKey("acks"), admin.toString());

        assertEquals("50", consumer.get("fetch.max.wait.ms"));
        assertFalse(producer.containsKey("fetch.max.wait.ms"), producer.toString());
        assertFalse(admin.containsKey("fetch.max.wait.ms"), admin.toString());

        for (Map<String, Object> settings : allThree()) {
            assertFalse(settings.containsKey("no.such.setting"), settings.toString());
        }
    }

    @Test
    void shouldTakeTheSettingsOfAConfigurationWithoutTheirKafkaPrefix() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of(
                "bootstrap.servers", "broker:9093",
                "kafka.security.protocol", "SASL_PLAINTEXT",
                "kafka.producer.linger.ms", "3"));
        KafkaClients fromConfig = KafkaClients.of(config);

        assertEquals("broker:9093", fromConfig.bootstrapServers());
        assertEquals("SASL_PLAINTEXT", fromConfig.consumerSettings(Map.of()).get("security.protocol"));
        assertEquals("3", fromConfig.producerSettings(Map.of()).get("linger.ms"));
        assertFalse(fromConfig.adminSettings(Map.of()).keySet().stream().anyMatch(key -> key.startsWith("kafka.")));
    }

    @Test
    void shouldLeaveBootstrapServersOutWhenNoneAreConfigured() {
        Map<String, Object> settings = new KafkaClients("", Map.of()).adminSettings(Map.of());
        assertFalse(settings.containsKey("bootstrap.servers"), settings.toString());
    }
}
