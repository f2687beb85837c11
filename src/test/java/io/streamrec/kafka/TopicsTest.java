package io.streamrec.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamrec.config.ConfigLoader;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.tools.topics.TopicSpec;
import io.streamrec.tools.topics.TopicsFile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final StreamrecConfig defaults = ConfigLoader.load(null, Map.of(), Map.of());

    @Test
    void shouldNameExactlyTheTopicsThatTopicsYamlDeclares() throws Exception {
        List<String> declared = TopicsFile.load(TopicsFile.repositoryFile()).stream().map(TopicSpec::name).sorted()
                .toList();

        assertEquals(declared, Topics.of(defaults).names().stream().sorted().toList());
    }

    @Test
    void shouldNameEventTopicsAfterTheEventType() {
        assertEquals(List.of("events.click", "events.cart", "events.purchase"), Topics.eventTopicNames());
        assertEquals("events.cart", Topics.eventTopic(EventType.CART));
    }

    @Test
    void shouldTakeConfiguredNamesForOutputsAndDeletions() {
        StreamrecConfig config = ConfigLoader.load(null, Map.of(), Map.of("recommendations.topic", "recs-v2",
                "deletions.topic", "gdpr", "dlq.topic", "dead"));

        Topics topics = Topics.of(config);

        assertEquals("recs-v2", topics.recommendations().name());
        assertEquals("gdpr", topics.deletions().name());
        assertEquals("dead", topics.dlq().name());
    }

    @Test
    void shouldRoundTripEventsThroughTheEventTopicSerde() {
        Topic<String, Event> clicks = Topics.of(defaults).events(EventType.CLICK);
        Event event = Event.of("u1", "sku-9", EventType.CLICK, System.currentTimeMillis() - 1_000);

        byte[] bytes = clicks.valueSerde().serializer().serialize(clicks.name(), event);

        assertEquals(event, clicks.valueSerde().deserializer().deserialize(clicks.name(), bytes));
        assertArrayEquals("u1".getBytes(), clicks.keySerde().serializer().serialize(clicks.name(), "u1"));
    }
}
