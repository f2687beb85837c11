package io.streamrec.tools.chaos;

import io.streamrec.events.RejectReason;
import java.util.List;
import java.util.Map;

/** What the chaos run found; {@link #passed()} only when nothing was lost, doubled or stale and the DLQ matches. */
record ChaosVerdict(int users, long lost, long doubled, long stale, long unreadable,
                    Map<RejectReason, Long> dlqExpected, Map<RejectReason, Long> dlqFound, List<String> problems) {

    long dlqExpectedTotal() {
        return dlqExpected.values().stream().mapToLong(Long::longValue).sum();
    }

    long dlqFoundTotal() {
        return dlqFound.values().stream().mapToLong(Long::longValue).sum();
    }

    boolean passed() {
        return lost == 0 && doubled == 0 && stale == 0 && unreadable == 0 && dlqExpected.equals(dlqFound)
                && problems.isEmpty();
    }

    String lastLine() {
        return String.format("lost=%d doubled=%d stale=%d dlq_expected=%d dlq_found=%d",
                lost, doubled, stale, dlqExpectedTotal(), dlqFoundTotal());
    }
}
