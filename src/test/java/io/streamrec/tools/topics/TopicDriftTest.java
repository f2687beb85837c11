package io.streamrec.tools.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicDriftTest {
    private static final TopicSpec DECLARED = new TopicSpec("t", 6, (short) 1,
            Map.of("cleanup.policy", "compact,delete", "min.cleanable.dirty.ratio", "0.1"));

    @Test
    void shouldFindNoDifferenceWhenValuesMatchInAnotherSpelling() {
        Map<String, String> actual = Map.of("cleanup.policy", "delete, compact", "min.cleanable.dirty.ratio", "0.10",
                "retention.ms", "123");

        assertEquals(List.of(), TopicDrift.differences(DECLARED, 6, 1, actual));
    }

    @Test
    void shouldNameEachDifference() {
        Map<String, String> actual = Map.of("cleanup.policy", "delete");

        assertEquals(List.of("partitions: declared 6, actual 3",
                        "replication factor: declared 1, actual 2",
                        "cleanup.policy: declared compact,delete, actual delete",
                        "min.cleanable.dirty.ratio: declared 0.1, but the broker does not know this config"),
                TopicDrift.differences(DECLARED, 3, 2, actual));
    }

    @Test
    void shouldCompareNumbersByValue() {
        assertTrue(TopicDrift.sameValue("604800000", "604800000"));
        assertTrue(TopicDrift.sameValue("0.5", "0.50"));
        assertFalse(TopicDrift.sameValue("1000", "1001"));
        assertFalse(TopicDrift.sameValue("compact", "delete"));
    }
}
