package io.streamrec.tools.topics;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.tools.topics.TopicsReport.Entry;
import io.streamrec.tools.topics.TopicsReport.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Makes a cluster have the declared topics, conservatively: creates the missing ones, compares the
 * existing ones and reports differences (partition count, replication factor, declared configs) without
 * changing anything, and never deletes a topic.
 *
 * <p>A declared replication factor larger than the cluster's broker count is capped to the broker count
 * (and {@code min.insync.replicas} to the capped factor), with a note in the report. Creating the topic
 * would otherwise fail outright; capping lets the single-broker demo use the production file, and the note
 * keeps the downgrade visible. Existing topics are compared against the capped declaration.
 */
public final class TopicsApplier {
    private final Admin admin;
    private final Duration timeout;

    public TopicsApplier(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public TopicsApplier(Admin admin) {
        this(admin, Duration.ofSeconds(30));
    }

    /** Applies {@code file} to the cluster of {@code clients}, with their admin settings (security included). */
    public static TopicsReport applyFile(Path file, KafkaClients clients) throws IOException {
        try (Admin admin = clients.admin()) {
            return new TopicsApplier(admin).apply(TopicsFile.load(file));
        }
    }

    /**
     * As {@link #applyFile(Path, KafkaClients)} with {@code new KafkaClients(bootstrap, kafka)}: {@code kafka} are
     * the app's {@code kafka.*} settings without that prefix.
     */
    public static TopicsReport applyFile(Path file, String bootstrap, Map<String, String> kafka) throws IOException {
        return applyFile(file, new KafkaClients(bootstrap, kafka));
    }

    public TopicsReport apply(List<TopicSpec> declared) {
        int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
        Map<String, TopicSpec> effective = new LinkedHashMap<>();
        Map<String, List<String>> notes = new HashMap<>();
        for (TopicSpec spec : declared) {
            List<String> topicNotes = new ArrayList<>();
            effective.put(spec.name(), fitToCluster(spec, brokers, topicNotes));
            notes.put(spec.name(), topicNotes);
        }

        Set<String> existing = await(admin.listTopics().names(), "list topics");
        List<String> created = create(effective.values().stream()
                .filter(spec -> !existing.contains(spec.name())).collect(Collectors.toList()));
        LeaderWait.await(admin, created.stream().collect(Collectors.toMap(name -> name,
                name -> effective.get(name).partitions())), timeout);
        List<TopicSpec> toCompare = effective.values().stream()
                .filter(spec -> !created.contains(spec.name())).collect(Collectors.toList());
        Map<String, List<String>> drift = compare(toCompare);

        List<Entry> entries = new ArrayList<>();
        for (TopicSpec spec : effective.values()) {
            List<String> details = new ArrayList<>(drift.getOrDefault(spec.name(), List.of()));
            Status status = created.contains(spec.name()) ? Status.CREATED
                    : details.isEmpty() ? Status.UNCHANGED : Status.DRIFTED;
            details.addAll(notes.get(spec.name()));
            entries.add(new Entry(spec.name(), status, details));
        }
        return new TopicsReport(entries);
    }

    private static TopicSpec fitToCluster(TopicSpec spec, int brokers, List<String> notes) {
        if (spec.replicationFactor() <= brokers) return spec;
        short capped = (short) brokers;
        notes.add("replication factor " + spec.replicationFactor() + " capped to " + capped
                + ": the cluster has " + brokers + " broker" + (brokers == 1 ? "" : "s"));
        Map<String, String> config = new HashMap<>(spec.config());
        Integer minIsr = spec.minInSyncReplicas();
        if (minIsr != null && minIsr > capped) {
            config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(capped));
            notes.add("min.insync.replicas " + minIsr + " capped to " + capped);
        }
        return spec.withReplication(capped, config);
    }

    /** Creates the topics; returns those created. One that appeared meanwhile is left to the comparison. */
    private List<String> create(List<TopicSpec> missing) {
        if (missing.isEmpty()) return List.of();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(
                missing.stream().map(TopicSpec::toNewTopic).collect(Collectors.toList())).values();
        List<String> created = new ArrayList<>();
        for (TopicSpec spec : missing) {
            try {
                await(results.get(spec.name()), "create topic " + spec.name());
                created.add(spec.name());
            } catch (TopicsApplyException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e;
            }
        }
        return created;
    }

    private Map<String, List<String>> compare(List<TopicSpec> specs) {
        if (specs.isEmpty()) return Map.of();
        List<String> names = specs.stream().map(TopicSpec::name).collect(Collectors.toList());
        Map<String, TopicDescription> descriptions = await(admin.describeTopics(names).allTopicNames(),
                "describe topics");
        Map<ConfigResource, Config> configs = await(admin.describeConfigs(names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .collect(Collectors.toList())).all(), "describe topic configs");
        Map<String, List<String>> drift = new HashMap<>();
        for (TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            drift.put(spec.name(), TopicDrift.differences(spec, description.partitions().size(),
                    replicationFactor(description), values(config)));
        }
        return drift;
    }

    /** The smallest replica count over the partitions: what the topic can be relied on to have. */
    private static int replicationFactor(TopicDescription description) {
        return description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    }

    private static Map<String, String> values(Config config) {
        Map<String, String> values = new HashMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.value() != null) values.put(entry.name(), entry.value());
        }
        return values;
    }

    private <T> T await(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicsApplyException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicsApplyException("could not " + what + " within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicsApplyException("interrupted while trying to " + what, e);
        }
    }
}
