package io.streamrec.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users whose lists were written most recently (the live page's picker), newest first: at most
 * {@link #CAPACITY}, in memory only. Fed by {@link ListTail}.
 */
final class RecentUsers {
    static final int CAPACITY = 50;

    private final Map<String, Long> lastSeen = new HashMap<>();

    synchronized void saw(String user, long ts) {
        lastSeen.merge(user, ts, Math::max);
        if (lastSeen.size() > CAPACITY) {
            lastSeen.entrySet().stream().min(Map.Entry.comparingByValue())
                    .ifPresent(oldest -> lastSeen.remove(oldest.getKey()));
        }
    }

    /** The user was forgotten (a tombstone on the topic). */
    synchronized void forget(String user) {
        lastSeen.remove(user);
    }

    synchronized List<String> newest() {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(lastSeen.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return entries.stream().map(Map.Entry::getKey).toList();
    }
}
