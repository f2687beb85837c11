package io.streamrec.tools.topics;

import io.streamrec.kafka.Topics;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.streamrec.events.EventType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsFileTest {

    @Test
    void shouldDeclareEveryExternalTopicInTheRepositoryFile() throws IOException {
        Map<String, TopicSpec> topics = TopicsFile.load(TopicsFile.DEFAULT_PATH).stream()
                .collect(Collectors.toMap(TopicSpec::name, t -> t));

        assertEquals(List.of("events.cart", "events.click", "events.purchase", "items", "model-events",
                        "model-updates", "recommendation-metrics", "recommendations", "streamrec.catalog", "streamrec.copurchases",
                        "streamrec.dlq", "streamrec.trending", "user-deletions"),
                topics.keySet().stream().sorted().toList());
        for (EventType type : EventType.values()) {
            TopicSpec input = topics.get(Topics.eventTopic(type));
            assertEquals(6, input.partitions());
            assertEquals("delete", input.config().get("cleanup.policy"));
            assertEquals("604800000", input.config().get("retention.ms"));
        }
        assertEquals(6, topics.get("user-deletions").partitions(), "co-partitioned with the event topics");
        TopicSpec recommendations = topics.get("recommendations");
        assertEquals(6, recommendations.partitions());
        assertEquals("compact", recommendations.config().get("cleanup.policy"));
        assertTrue(recommendations.config().containsKey("segment.ms"));
        assertTrue(recommendations.config().containsKey("min.compaction.lag.ms"));
        assertEquals(3, topics.get("streamrec.dlq").partitions());
        assertEquals("1209600000", topics.get("streamrec.dlq").config().get("retention.ms"));
        assertTrue(topics.values().stream().allMatch(t -> t.replicationFactor() == 3));
    }

    @Test
    void shouldReadNumbersAsConfigText() throws IOException {
        TopicSpec spec = parse("""
                topics:
                  - name: t
                    partitions: 2
                    replication_factor: 1
                    config: {retention.ms: 1000, min.cleanable.dirty.ratio: 0.1}
                """).get(0);

        assertEquals(Map.of("retention.ms", "1000", "min.cleanable.dirty.ratio", "0.1"), spec.config());
    }

    @Test
    void shouldRejectMistakesWithTheTopicNamed() {
        assertThrows(UnrecognizedPropertyException.class, () -> parse("""
                topics:
                  - {name: t, partitions: 2, replication_factor: 1, retention.ms: 1000}
                """));
        MismatchedInputException missing = assertThrows(MismatchedInputException.class,
                () -> parse("topics: [{name: t, partitions: 2}]"));
        assertTrue(missing.getMessage().contains("replicationFactor") || missing.getMessage().contains("replication_factor"),
                missing.getMessage());
        assertMessage("declared twice", """
                topics:
                  - {name: t, partitions: 1, replication_factor: 1}
                  - {name: t, partitions: 2, replication_factor: 1}
                """);
        assertMessage("topic t: partitions must be >= 1", "topics: [{name: t, partitions: 0, replication_factor: 1}]");
        assertMessage("min.insync.replicas 2 > replication_factor 1", """
                topics: [{name: t, partitions: 1, replication_factor: 1, config: {min.insync.replicas: 2}}]
                """);
        assertMessage("topic 'bad name'", "topics: [{name: bad name, partitions: 1, replication_factor: 1}]");
        assertMessage("no topics declared", "topics: []");
    }

    private static void assertMessage(String expected, String yaml) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
        assertTrue(error.getMessage().contains(expected), error.getMessage());
    }

    private static List<TopicSpec> parse(String yaml) throws IOException {
        return TopicsFile.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
