package io.streamrec.tools.chaos;

import io.streamrec.events.RejectReason;
import java.util.List;
import java.util.Map;

/**
 * What the chaos run found; {@link #passed()} only when nothing was lost, doubled or stale, no user's state is split
 * across tasks, no erased user left anything behind, and the DLQ matches.
 *
 * @param split          users with state in more than one task, or in a task not their own
 * @param leaked         erased users still answering, holding state in any task, or without a final tombstone
 * @param usersWithState users with state in any task (changelogs), for the report
 * @param tasks          the tasks (partitions) the user stores are spread over
 */
record ChaosVerdict(int users, long lost, long doubled, long stale, long unreadable, long split, long leaked,
                    long usersWithState, int tasks,
                    Map<RejectReason, Long> dlqExpected, Map<RejectReason, Long> dlqFound, List<String> problems) {

    long dlqExpectedTotal() {
        return dlqExpected.values().stream().mapToLong(Long::longValue).sum();
    }

    long dlqFoundTotal() {
        return dlqFound.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean passed() {
        return lost == 0 && doubled == 0 && stale == 0 && unreadable == 0 && split == 0 && leaked == 0
                && dlqExpected.equals(dlqFound) && problems.isEmpty();
    }

    String lastLine() {
        return String.format("lost=%d doubled=%d stale=%d split=%d leaked=%d dlq_expected=%d dlq_found=%d",
                lost, doubled, stale, split, leaked, dlqExpectedTotal(), dlqFoundTotal());
    }
}
