package io.streamrec.tools.topics;

import io.streamrec.app.TopicLayout;
import io.streamrec.config.ConfigException;
import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
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
import java.util.TreeMap;
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
    /** The default deletions topic ({@code deletions.topic}). */
    public static final String DELETIONS_TOPIC = "user-deletions";

    private final Admin admin;
    private final Duration timeout;
    private final List<String> inputTopics;

    /**
     * @param inputTopics the topics that must share one partition count (the event topics and the deletions
     *                    topic: they share the app's state stores); checked before anything is created
     */
    public TopicsApplier(Admin admin, Duration timeout, List<String> inputTopics) {
        this.admin = admin;
        this.timeout = timeout;
        this.inputTopics = List.copyOf(inputTopics);
    }

    public TopicsApplier(Admin admin, Duration timeout) {
        this(admin, timeout, inputTopics(DELETIONS_TOPIC));
    }

    public TopicsApplier(Admin admin) {
        this(admin, Duration.ofSeconds(30));
    }

    /** The event topics and {@code deletionsTopic}. */
    public static List<String> inputTopics(String deletionsTopic) {
        List<String> inputs = new ArrayList<>(Topics.eventTopicNames());
        inputs.add(deletionsTopic);
        return inputs;
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

    /**
     * Creates the missing topics and compares the others. Refuses ({@link TopicLayoutException}, nothing created)
     * when the input topics would not share one partition count: as declared in the file, or as the cluster has
     * them for those that exist (an existing topic keeps its count: apply never changes it).
     */
    public TopicsReport apply(List<TopicSpec> declared) {
        checkDeclaredLayout(declared, inputTopics);
        int brokers = await(admin.describeCluster().nodes(), "describe the cluster").size();
        Map<String, TopicSpec> effective = new LinkedHashMap<>();
        Map<String, List<String>> notes = new HashMap<>();
        for (TopicSpec spec : declared) {
            List<String> topicNotes = new ArrayList<>();
            effective.put(spec.name(), fitToCluster(spec, brokers, topicNotes));
            notes.put(spec.name(), topicNotes);
        }

        Set<String> existing = await(admin.listTopics().names(), "list topics");
        checkLayout(effective, existing);
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

    /** The input topics declared in the file must share one partition count. */
    static void checkDeclaredLayout(List<TopicSpec> declared, List<String> inputTopics) {
        Map<String, Integer> counts = new TreeMap<>();
        declared.stream().filter(spec -> inputTopics.contains(spec.name()))
                .forEach(spec -> counts.put(spec.name(), spec.partitions()));
        sharedPartitions(counts, "refusing to apply the file: ");
    }

    /**
     * The input topics as they will be after this apply (existing ones as they are, missing ones as declared) must
     * share one partition count; checked before anything is created.
     */
    private void checkLayout(Map<String, TopicSpec> declared, Set<String> existing) {
        List<String> present = inputTopics.stream().filter(existing::contains).toList();
        Map<String, Integer> counts = new TreeMap<>();
        if (!present.isEmpty()) {
            await(admin.describeTopics(present).allTopicNames(), "describe the input topics")
                    .forEach((name, description) -> counts.put(name, description.partitions().size()));
        }
        for (String topic : inputTopics) {
            if (!existing.contains(topic) && declared.containsKey(topic)) {
                counts.put(topic + " (to create)", declared.get(topic).partitions());
            }
        }
        sharedPartitions(counts, "refusing to create topics: ");
    }

    private static void sharedPartitions(Map<String, Integer> counts, String prefix) {
        if (counts.size() < 2) {
            return;
        }
        try {
            TopicLayout.sharedPartitions(counts);
        } catch (ConfigException e) {
            throw new TopicLayoutException(prefix + e.getMessage());
        }
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
