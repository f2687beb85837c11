package io.streamrec.tools.topics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * A topic as {@code topics/topics.yaml} declares it.
 *
 * @param config topic configs that must hold (e.g. {@code retention.ms}); configs left out keep broker defaults
 */
public record TopicSpec(String name,
                        int partitions,
                        @JsonProperty("replication_factor") short replicationFactor,
                        Map<String, String> config) {

    public TopicSpec {
        if (name == null) throw new IllegalArgumentException("topic without a name");
        try {
            Topic.validate(name);
        } catch (InvalidTopicException e) {
            throw new IllegalArgumentException("topic '" + name + "': " + e.getMessage(), e);
        }
        if (partitions < 1) throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1");
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topic " + name + ": replication_factor must be >= 1");
        }
        config = config == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(config));
        Integer minIsr = minInSyncReplicas(config);
        if (minIsr != null && minIsr > replicationFactor) {
            throw new IllegalArgumentException("topic " + name + ": min.insync.replicas " + minIsr
                    + " > replication_factor " + replicationFactor + " would refuse every acks=all write");
        }
    }

    TopicSpec withReplication(short replicationFactor, Map<String, String> config) {
        return new TopicSpec(name, partitions, replicationFactor, config);
    }

    /** The declared {@code min.insync.replicas}, or null when the broker default applies. */
    public Integer minInSyncReplicas() {
        return minInSyncReplicas(config);
    }

    public NewTopic toNewTopic() {
        return new NewTopic(name, partitions, replicationFactor).configs(config);
    }

    private static Integer minInSyncReplicas(Map<String, String> config) {
        String value = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (value == null) return null;
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("min.insync.replicas must be an integer, got '" + value + "'", e);
        }
    }
}
