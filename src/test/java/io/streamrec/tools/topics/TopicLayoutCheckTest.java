package io.streamrec.tools.topics;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The input topics a topics file declares must share one partition count (no Kafka needed). */
class TopicLayoutCheckTest {
    private static final List<String> INPUTS = TopicsApplier.inputTopics("user-deletions");

    @Test
    void shouldAcceptTheRepositoryFile() throws Exception {
        assertDoesNotThrow(() -> TopicsApplier.checkDeclaredLayout(TopicsFile.load(TopicsFile.DEFAULT_PATH), INPUTS));
    }

    @Test
    void shouldRefuseAFileWhoseDeletionsTopicHasAnotherCountNamingEveryInputTopic() {
        List<TopicSpec> declared = List.of(spec("events.click", 6), spec("events.cart", 6), spec("events.purchase", 6),
                spec("user-deletions", 1), spec("recommendations", 3));

        TopicLayoutException refused = assertThrows(TopicLayoutException.class,
                () -> TopicsApplier.checkDeclaredLayout(declared, INPUTS));

        assertTrue(refused.getMessage().startsWith("refusing to apply the file: "), refused.getMessage());
        assertTrue(refused.getMessage().contains(
                "{events.cart=6, events.click=6, events.purchase=6, user-deletions=1}"), refused.getMessage());
    }

    @Test
    void shouldCheckTheDeletionsTopicTheAppIsConfiguredWith() {
        List<TopicSpec> declared = List.of(spec("events.click", 6), spec("user-deletions", 1), spec("erasures", 6));

        assertDoesNotThrow(() -> TopicsApplier.checkDeclaredLayout(declared, TopicsApplier.inputTopics("erasures")));
        assertThrows(TopicLayoutException.class, () -> TopicsApplier.checkDeclaredLayout(declared, INPUTS));
    }

    private static TopicSpec spec(String name, int partitions) {
        return new TopicSpec(name, partitions, (short) 1, Map.of());
    }
}
