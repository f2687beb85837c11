package io.streamrec.tools.chaos;

import io.streamrec.kafka.KafkaClients;
import io.streamrec.kafka.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamrec.events.Event;
import io.streamrec.events.RejectReason;
import io.streamrec.topology.RecommenderTopology;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Compares what the app holds with the ground truth: each user's stored sequence (read over HTTP from any live
 * instance, which forwards to the owner) against the last {@code maxLen} events they sent; each user's latest
 * list on the topic against their newest event; the dead-letter topic's reasons against the bad records sent;
 * and, from the user stores' changelogs (one partition per task), that every user's state lives in their own task
 * only (split) and that no erased user has state left in any task (leaked).
 */
final class ChaosVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The per-user stores (changelogged); the erasure marker store is left out of "leaked": it must remain. */
    static final Set<String> USER_STATE_STORES = Set.of(RecommenderTopology.SESSION_STORE,
            RecommenderTopology.PENDING_STORE, RecommenderTopology.LATEST_STORE);
    static final Set<String> ALL_USER_STORES = Set.of(RecommenderTopology.SESSION_STORE,
            RecommenderTopology.PENDING_STORE, RecommenderTopology.LATEST_STORE, RecommenderTopology.ERASURES_STORE);
    private static final Pattern REROUTED = Pattern.compile(
            "^streamrec_records_rerouted_total\\{([^}]*)\\}\\s+([0-9.eE+-]+)", Pattern.MULTILINE);
    private static final Pattern REASON = Pattern.compile("reason=\"([^\"]*)\"");

    private final KafkaClients clients;
    private final String applicationId;
    private final String recommendationsTopic;
    private final String dlqTopic;
    private final int maxLen;
    private final Map<String, JsonNode> latest = new HashMap<>();
    private final Set<String> tombstoned = new HashSet<>();
    private long recordsRead;
    private KafkaConsumer<String, byte[]> tail;

    ChaosVerifier(KafkaClients clients, Topics topics, String applicationId, int maxLen) {
        this.clients = clients;
        this.applicationId = applicationId;
        this.recommendationsTopic = topics.recommendations().name();
        this.dlqTopic = topics.dlq().name();
        this.maxLen = maxLen;
    }

    /**
     * Latest list per user (highest seq) on the recommendations topic. Reads incrementally with one consumer
     * (each call continues where the last stopped, up to the current end), so waiting for the app to catch up
     * does not re-read the whole topic.
     */
    Map<String, JsonNode> latestLists() throws Exception {
        if (tail == null) {
            tail = consumer();
            List<TopicPartition> partitions = tail.partitionsFor(recommendationsTopic).stream()
                    .map(p -> new TopicPartition(recommendationsTopic, p.partition())).toList();
            tail.assign(partitions);
            tail.seekToBeginning(partitions);
        }
        for (ConsumerRecord<String, byte[]> record : readToEnd(tail)) {
            recordsRead++;
            if (record.value() == null) {
                latest.remove(record.key());
                tombstoned.add(record.key());
                continue;
            }
            tombstoned.remove(record.key());
            JsonNode rec = JSON.readTree(record.value());
            JsonNode old = latest.get(record.key());
            if (old == null || rec.get("seq").asLong() > old.get("seq").asLong()) {
                latest.put(record.key(), rec);
            }
        }
        return latest;
    }

    /** Records read from the recommendations topic so far: grows while the app works off a backlog. */
    long recordsRead() {
        return recordsRead;
    }

    /** Users whose last record on the recommendations topic is a tombstone. */
    Set<String> tombstoned() throws Exception {
        latestLists();
        return Set.copyOf(tombstoned);
    }

    void close() {
        if (tail != null) {
            tail.close();
        }
    }

    ChaosVerdict verify(GroundTruth truth, AppProcess reader, List<String> problems) throws Exception {
        Map<String, JsonNode> latest = latestLists();
        long lost = 0;
        long doubled = 0;
        long stale = 0;
        long unreadable = 0;
        Map<String, List<Event>> events = truth.events();
        for (Map.Entry<String, List<Event>> entry : events.entrySet()) {
            List<Event> sent = entry.getValue();
            List<String> expected = new ArrayList<>();
            for (Event e : sent.subList(Math.max(0, sent.size() - maxLen), sent.size())) {
                expected.add(key(e.item(), e.type().wireName(), e.ts()));
            }
            var response = reader.get("/users/" + entry.getKey() + "/session", null);
            if (response.statusCode() != 200) {
                unreadable++;
                problems.add(entry.getKey() + ": session answered " + response.statusCode());
                continue;
            }
            List<String> stored = new ArrayList<>();
            for (JsonNode i : JSON.readTree(response.body()).get("interactions")) {
                stored.add(key(i.get("item").asText(), i.get("type").asText(), i.get("ts").asLong()));
            }
            if (new HashSet<>(stored).size() < stored.size()) {
                doubled++;
            }
            if (!new HashSet<>(stored).containsAll(expected)) {
                lost++;
                List<String> missing = new ArrayList<>(expected);
                missing.removeAll(stored);
                problems.add(entry.getKey() + ": missing " + missing.size() + " of its last " + expected.size()
                        + " events, e.g. " + missing.get(0) + " (item|type|ts)");
            }
            JsonNode rec = latest.get(entry.getKey());
            if (isStale(rec, sent)) {
                stale++;
                problems.add(entry.getKey() + ": latest list reflects ts " + (rec == null ? "none" : rec.get("event_ts"))
                        + ", newest event " + sent.get(sent.size() - 1).ts() + " (" + sent.size() + " events sent)");
            }
        }
        StatePlacement placement = placement();
        Map<String, Set<Integer>> split = placement.split(ALL_USER_STORES);
        split.entrySet().stream().sorted(Map.Entry.comparingByKey()).limit(10).forEach(e -> problems.add(e.getKey()
                + ": state in tasks " + e.getValue() + ", its own is " + placement.ownTask(e.getKey()) + " (split)"));
        long leaked = 0;
        for (String user : truth.erased()) {
            int status = reader.get("/users/" + user + "/session", null).statusCode();
            List<String> stores = placement.storesHolding(user, USER_STATE_STORES);
            if (status != 404 || !tombstoned.contains(user) || !stores.isEmpty()) {
                leaked++;
                problems.add(user + ": erased, yet its session answered " + status
                        + (tombstoned.contains(user) ? "" : ", its list has no tombstone")
                        + (stores.isEmpty() ? "" : ", state left in " + stores + " of tasks "
                                + placement.tasksHolding(user, USER_STATE_STORES)));
            }
        }
        return new ChaosVerdict(events.size(), lost, doubled, stale, unreadable, split.size(), leaked,
                placement.usersWithState(ALL_USER_STORES), placement.partitions(), truth.expectedDlq(),
                deadLettersByReason(), problems);
    }

    /** The changelog of a user store: Kafka Streams' name, {@code <application.id>-<store>-changelog}. */
    String changelog(String store) {
        return applicationId + "-" + store + "-changelog";
    }

    /**
     * Reads every user store's changelog to its end (read_committed), keeping only whether each user's latest
     * record per partition is a value: where each user's state lives, task by task.
     */
    StatePlacement placement() {
        StatePlacement placement = null;
        try (KafkaConsumer<String, Boolean> consumer = clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "chaos-verifier-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new StringDeserializer(), (topic, data) -> data == null ? null : Boolean.TRUE)) {
            Map<String, String> storeByTopic = new HashMap<>();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String store : ALL_USER_STORES) {
                String topic = changelog(store);
                storeByTopic.put(topic, store);
                List<TopicPartition> mine = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                if (placement == null) {
                    placement = new StatePlacement(mine.size());
                } else if (placement.partitions() != mine.size()) {
                    throw new IllegalStateException(topic + " has " + mine.size() + " partitions, other changelogs "
                            + placement.partitions());
                }
                partitions.addAll(mine);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> done = new HashSet<>();
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (done.size() < end.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the changelogs to their end within 10 min");
                }
                for (ConsumerRecord<String, Boolean> record : consumer.poll(Duration.ofMillis(200))) {
                    placement.record(storeByTopic.get(record.topic()), record.partition(), record.key(),
                            record.value() != null);
                }
                for (TopicPartition tp : end.keySet()) {
                    if (consumer.position(tp) >= end.get(tp)) {
                        done.add(tp);
                    }
                }
            }
        }
        return placement;
    }

    /** {@code streamrec_records_rerouted_total} of one instance's Prometheus text, summed by reason. */
    static Map<String, Long> reroutedByReason(String metrics) {
        Map<String, Long> byReason = new java.util.TreeMap<>();
        Matcher line = REROUTED.matcher(metrics);
        while (line.find()) {
            Matcher reason = REASON.matcher(line.group(1));
            byReason.merge(reason.find() ? reason.group(1) : "?", Math.round(Double.parseDouble(line.group(2))),
                    Long::sum);
        }
        return byReason;
    }

    /** True when the user's latest list does not reflect their newest event ({@code sent} in timestamp order). */
    static boolean isStale(JsonNode latestList, List<Event> sent) {
        return latestList == null || latestList.get("event_ts").asLong() != sent.get(sent.size() - 1).ts();
    }

    Map<RejectReason, Long> deadLettersByReason() throws Exception {
        Map<RejectReason, Long> found = new EnumMap<>(RejectReason.class);
        for (ConsumerRecord<String, byte[]> record : readAll(dlqTopic)) {
            Header reason = record.headers().lastHeader(Topics.DLQ_REASON_HEADER);
            String code = reason == null ? "none" : new String(reason.value(), StandardCharsets.UTF_8);
            found.merge(RejectReason.valueOf(code.toUpperCase(Locale.ROOT)), 1L, Long::sum);
        }
        return found;
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            return readToEnd(consumer);
        }
    }

    /** Polls until every assigned partition reaches the end offset it had when called (read_committed: the LSO). */
    private static List<ConsumerRecord<String, byte[]>> readToEnd(KafkaConsumer<String, byte[]> consumer) {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
        Set<TopicPartition> done = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (done.size() < end.size() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            for (TopicPartition tp : end.keySet()) {
                if (consumer.position(tp) >= end.get(tp)) {
                    done.add(tp);
                }
            }
        }
        return records;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return clients.consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "chaos-verifier-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static String key(String item, String type, long ts) {
        return item + "|" + type + "|" + ts;
    }
}
