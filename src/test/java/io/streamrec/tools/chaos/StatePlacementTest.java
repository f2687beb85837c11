package io.streamrec.tools.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StatePlacementTest {
    private static final Set<String> STATE = Set.of("sessions", "pending-refresh", "recommendations-latest");
    private static final Set<String> ALL = Set.of("sessions", "pending-refresh", "recommendations-latest",
            "erased-users");

    @Test
    void shouldFindNoSplitWhenEveryUserLivesInTheirOwnTask() {
        StatePlacement placement = new StatePlacement(6);
        placement.record("sessions", placement.ownTask("u1"), "u1", true);
        placement.record("recommendations-latest", placement.ownTask("u1"), "u1", true);
        placement.record("sessions", placement.ownTask("u2"), "u2", true);

        assertEquals(Map.of(), placement.split(ALL));
        assertEquals(2, placement.usersWithState(ALL));
    }

    @Test
    void shouldCatchAUserServedByTwoTasksOrOnlyByAnotherOne() {
        StatePlacement placement = new StatePlacement(6);
        int own = placement.ownTask("u1");
        int other = (own + 1) % 6;
        placement.record("sessions", own, "u1", true);
        placement.record("sessions", other, "u1", true);
        placement.record("pending-refresh", (placement.ownTask("u2") + 2) % 6, "u2", true);

        assertEquals(Map.of("u1", Set.of(own, other), "u2", Set.of((placement.ownTask("u2") + 2) % 6)),
                placement.split(ALL));
    }

    @Test
    void shouldTakeTheLatestRecordPerPartitionSoATombstoneClearsState() {
        StatePlacement placement = new StatePlacement(6);
        int own = placement.ownTask("gone");
        placement.record("sessions", own, "gone", true);
        placement.record("sessions", own, "gone", false);
        placement.record("recommendations-latest", own, "gone", true);
        placement.record("recommendations-latest", own, "gone", false);
        placement.record("erased-users", own, "gone", true);

        assertEquals(List.of(), placement.storesHolding("gone", STATE), "the erasure marker is not user state");
        assertEquals(Set.of(own), placement.tasksHolding("gone", ALL));
        placement.record("pending-refresh", own, "gone", true);
        assertEquals(List.of("pending-refresh"), placement.storesHolding("gone", STATE));
    }

    @Test
    void shouldMatchKafkasOwnPartitionerForTheOwnTask() {
        assertEquals(org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2("chaos-u7".getBytes())) % 6,
                new StatePlacement(6).ownTask("chaos-u7"));
    }

    @Test
    void shouldSumReroutedCountersByReason() {
        String metrics = """
                # TYPE streamrec_records_rerouted_total counter
                streamrec_records_rerouted_total{reason="wrong_partition",topic="events.click"} 120.0
                streamrec_records_rerouted_total{reason="wrong_partition",topic="user-deletions"} 3.0
                streamrec_records_rerouted_total{reason="no_key",topic="events.cart"} 1.0
                streamrec_events_processed_total 5.0
                """;
        assertEquals(Map.of("wrong_partition", 123L, "no_key", 1L), ChaosVerifier.reroutedByReason(metrics));
    }
}
