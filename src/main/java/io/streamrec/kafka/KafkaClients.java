package io.streamrec.kafka;

import io.streamrec.config.StreamrecConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Builds every Kafka producer, consumer and Admin outside Kafka Streams, applying {@code kafka.*} one way, as
 * Kafka Streams itself reads them: an unprefixed key (security, timeouts) reaches every client it is a setting
 * of; {@code producer.}, {@code consumer.} and {@code admin.} keys reach only that client. Each caller passes the
 * settings it depends on (isolation level, acks, group id ...) as {@code required}: they win over {@code kafka.*}.
 */
public final class KafkaClients {
    private static final String[] CLIENT_PREFIXES =
            {"producer.", "consumer.", "main.consumer.", "restore.consumer.", "global.consumer.", "admin."};

    private final String bootstrapServers;
    private final Map<String, String> kafka;

    public KafkaClients(String bootstrapServers, Map<String, String> kafka) {
        this.bootstrapServers = bootstrapServers;
        this.kafka = Map.copyOf(kafka);
    }

    public static KafkaClients of(StreamrecConfig config) {
        return new KafkaClients(config.bootstrapServers(), config.kafka());
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public <K, V> KafkaProducer<K, V> producer(Map<String, ?> required, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(producerSettings(required), keys, values);
    }

    public <K, V> KafkaConsumer<K, V> consumer(Map<String, ?> required, Deserializer<K> keys,
                                               Deserializer<V> values) {
        return new KafkaConsumer<>(consumerSettings(required), keys, values);
    }

    public Admin admin(Map<String, ?> required) {
        return Admin.create(adminSettings(required));
    }

    public Admin admin() {
        return admin(Map.of());
    }

    public Map<String, Object> producerSettings(Map<String, ?> required) {
        return settings("producer.", ProducerConfig.configNames(), required);
    }

    public Map<String, Object> consumerSettings(Map<String, ?> required) {
        return settings("consumer.", ConsumerConfig.configNames(), required);
    }

    public Map<String, Object> adminSettings(Map<String, ?> required) {
        return settings("admin.", AdminClientConfig.configNames(), required);
    }

    private Map<String, Object> settings(String prefix, Set<String> known, Map<String, ?> required) {
        Map<String, Object> settings = new HashMap<>();
        kafka.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                settings.put(key.substring(prefix.length()), value);
            } else if (!hasClientPrefix(key) && known.contains(key)) {
                settings.put(key, value);
            }
        });
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            settings.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        }
        settings.putAll(required);
        return settings;
    }

    private static boolean hasClientPrefix(String key) {
        for (String prefix : CLIENT_PREFIXES) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
