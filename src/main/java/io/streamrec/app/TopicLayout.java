package io.streamrec.app;

import io.streamrec.config.ConfigException;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The input topics must share one partition count: the deletions topic shares the event topics' state stores, and a
 * user's records belong to partition {@code murmur2(user) % partitions} of each. An instance refuses to start on any
 * other layout (e.g. a deletions topic auto-created with one partition, where most erasures would reach a task that
 * does not hold the user).
 */
public final class TopicLayout {
    private TopicLayout() {
    }

    /** The partition count all input topics share; throws naming every topic and its count when they differ. */
    public static int sharedPartitions(Map<String, Integer> partitionsByTopic) {
        Map<String, Integer> sorted = new TreeMap<>(partitionsByTopic);
        long distinct = sorted.values().stream().distinct().count();
        if (sorted.isEmpty() || distinct != 1) {
            throw new ConfigException("the input topics must have one partition count (they share state stores), "
                    + "found " + sorted + "; recreate the odd ones out with the count of the event topics "
                    + "(see topics/topics.yaml)");
        }
        return sorted.values().iterator().next();
    }

    /** Reads the partition counts of the input topics from the cluster and checks them. */
    public static int check(StreamrecConfig config, Duration timeout) {
        List<String> inputs = new ArrayList<>(Topics.eventTopicNames());
        inputs.add(config.deletionsTopic());
        Map<String, Object> settings = Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = KafkaClients.of(config).admin(settings)) {
            Map<String, TopicDescription> described = admin.describeTopics(inputs).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<String, Integer> counts = new TreeMap<>();
            described.forEach((name, description) -> counts.put(name, description.partitions().size()));
            return sharedPartitions(counts);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new ConfigException("input topics missing (" + String.join(", ", inputs) + " expected): "
                        + "create them first, e.g. 'streamrec topics apply --bootstrap " + config.bootstrapServers()
                        + "'");
            }
            throw new ConfigException("could not read the input topics' layout from Kafka at "
                    + config.bootstrapServers() + ": " + e.getCause());
        } catch (TimeoutException e) {
            throw new ConfigException("Kafka at " + config.bootstrapServers() + " did not describe the input topics "
                    + "within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException("interrupted while reading the input topics' layout");
        }
    }
}
