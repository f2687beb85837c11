package io.streamrec.topology;

import io.streamrec.session.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Forgets users whose newest event is older than the TTL in event time (stream time), so the stores do not grow
 * without bound, and erasure markers once no event older than them can still be accepted. A pass over the sessions
 * is done in steps of at most {@code maxPerStep} users, resuming where the last step stopped: with millions of users
 * in a task one pass must not outlast the exactly-once transaction it runs in.
 */
final class IdleUsers {
    private final UserStores stores;
    private final Duration ttl;
    private final Duration maxFutureSkew;
    private final int maxPerStep;
    private long cutoff;
    private boolean inPass;
    private String resumeAfter;

    IdleUsers(UserStores stores, Duration ttl, Duration maxFutureSkew, int maxPerStep) {
        this.stores = stores;
        this.ttl = ttl;
        this.maxFutureSkew = maxFutureSkew;
        this.maxPerStep = maxPerStep;
    }

    /** Starts a pass against {@code streamTime} unless one is still under way. */
    void startPass(long streamTime) {
        if (!inPass) {
            inPass = true;
            cutoff = streamTime - ttl.toMillis();
            resumeAfter = null;
        }
    }

    boolean inPass() {
        return inPass;
    }

    /** Looks at up to {@code maxPerStep} more users, removes the idle ones from every store and returns them. */
    List<String> step() {
        List<String> expired = new ArrayList<>();
        if (!inPass) {
            return expired;
        }
        int seen = 0;
        String last = null;
        try (KeyValueIterator<String, SessionState> users = resumeAfter == null ? stores.sessions().all()
                : stores.sessions().range(resumeAfter, null)) {
            while (users.hasNext() && seen < maxPerStep) {
                var entry = users.next();
                if (entry.key.equals(resumeAfter)) {
                    continue; // range() includes its start, which the previous step already saw
                }
                seen++;
                last = entry.key;
                if (entry.value.newestEventTs() < cutoff) {
                    expired.add(entry.key);
                }
            }
            if (!users.hasNext()) {
                inPass = false;
            }
        }
        resumeAfter = last == null ? resumeAfter : last;
        expired.forEach(stores::forget);
        if (!inPass) {
            forgetOldErasures();
        }
        return expired;
    }

    /** A marker guards events up to {@code erasedAt + maxFutureSkew}; older than the cutoff is refused anyway. */
    private void forgetOldErasures() {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, ErasureMarker> all = stores.erasures().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.erasedAt() + maxFutureSkew.toMillis() < cutoff) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(stores.erasures()::delete);
    }
}
