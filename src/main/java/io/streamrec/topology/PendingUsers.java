package io.streamrec.topology;

import io.streamrec.session.SessionState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The users owed a fresh list. The changelogged store is the truth (so a refresh owed at a crash is still made
 * after restore, and commits atomically with the output under exactly-once); the map in memory keeps their order,
 * when each became pending and their newest state, so a flush need not read and decode it again.
 */
final class PendingUsers {
    /** One user owed a list; {@code state} is null when it must be read from the session store (after a restore). */
    record Owed(String user, SessionState state, long sinceNanos) {
    }

    private final KeyValueStore<String, Long> store;
    private final Map<String, Owed> owed = new LinkedHashMap<>();

    PendingUsers(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Reloads the owed users from the store (task start, or a task revived after an aborted transaction). */
    void restore() {
        owed.clear();
        long now = System.nanoTime();
        try (KeyValueIterator<String, Long> all = store.all()) {
            all.forEachRemaining(entry -> owed.put(entry.key, new Owed(entry.key, null, now)));
        }
    }

    /** The user's session changed at {@code eventTs}: a list is owed for {@code state}. */
    void mark(String user, SessionState state, long eventTs) {
        Owed earlier = owed.get(user);
        owed.put(user, new Owed(user, state, earlier == null ? System.nanoTime() : earlier.sinceNanos()));
        // Known but missing from the store: an erasure cleared it since, and the new history is owed a list.
        if (earlier == null || store.get(user) == null) {
            store.put(user, eventTs);
        }
    }

    void forget(String user) {
        owed.remove(user);
        store.delete(user);
    }

    /** Everyone owed, in the order they became pending (a view: read it before the next change). */
    Collection<Owed> owed() {
        return Collections.unmodifiableCollection(owed.values());
    }

    int size() {
        return owed.size();
    }

    /** Everyone owed, in the order they became pending, and nobody owed afterwards. */
    List<Owed> drain() {
        return drain(entry -> true);
    }

    /** Those owed that {@code take} accepts, in the order they became pending; the others stay owed. */
    List<Owed> drain(Predicate<Owed> take) {
        List<Owed> result = new ArrayList<>();
        for (Iterator<Owed> it = owed.values().iterator(); it.hasNext(); ) {
            Owed entry = it.next();
            if (take.test(entry)) {
                it.remove();
                if (store.get(entry.user()) != null) { // else erased since it became pending
                    result.add(entry);
                    store.delete(entry.user());
                }
            }
        }
        return result;
    }
}
