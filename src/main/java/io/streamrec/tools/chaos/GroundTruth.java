package io.streamrec.tools.chaos;

import io.streamrec.events.Event;
import io.streamrec.events.RejectReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every event the broker acknowledged, per user in send order, and every bad record sent, by expected reason. */
final class GroundTruth {
    private final Map<String, List<Event>> acked = new ConcurrentHashMap<>();
    private final Map<RejectReason, Long> expectedDlq = new EnumMap<>(RejectReason.class);
    private final Set<String> erased = ConcurrentHashMap.newKeySet();

    void acked(Event event) {
        List<Event> events = acked.computeIfAbsent(event.user(), u -> new ArrayList<>());
        synchronized (events) {
            events.add(event);
        }
    }

    /** The broker acknowledged an erasure request for {@code user}; no event of theirs is sent after it. */
    void erased(String user) {
        erased.add(user);
    }

    Set<String> erased() {
        return Set.copyOf(erased);
    }

    synchronized void expectDeadLetter(RejectReason reason) {
        expectedDlq.merge(reason, 1L, Long::sum);
    }

    /**
     * Acknowledged events per user in timestamp order. (Acknowledgement order is not event order: a user's
     * clicks, carts and purchases travel on different topics.) Erased users are left out: they must be gone.
     */
    Map<String, List<Event>> events() {
        Map<String, List<Event>> byTs = new java.util.HashMap<>();
        acked.forEach((user, events) -> {
            if (erased.contains(user)) {
                return;
            }
            synchronized (events) {
                byTs.put(user, events.stream().sorted(java.util.Comparator.comparingLong(Event::ts)).toList());
            }
        });
        return byTs;
    }

    synchronized Map<RejectReason, Long> expectedDlq() {
        return new EnumMap<>(expectedDlq);
    }

    long eventCount() {
        return acked.values().stream().mapToLong(List::size).sum();
    }
}
