package io.streamrec.topology;

import io.streamrec.session.SessionState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Forgets users whose newest event is older than the TTL in event time (stream time), so the stores do not grow
 * without bound, and erasure markers once no event older than them can still be accepted.
 */
final class IdleUsers {
    private final UserStores stores;
    private final Duration ttl;
    private final Duration maxFutureSkew;

    IdleUsers(UserStores stores, Duration ttl, Duration maxFutureSkew) {
        this.stores = stores;
        this.ttl = ttl;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Removes the idle users from every store and returns them. */
    List<String> forget(long streamTime) {
        long cutoff = streamTime - ttl.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SessionState> all = stores.sessions().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.newestEventTs() < cutoff) {
                    expired.add(entry.key);
                }
            });
        }
        expired.forEach(stores::forget);
        forgetOldErasures(cutoff);
        return expired;
    }

    /** A marker guards events up to {@code erasedAt + maxFutureSkew}; older than the cutoff is refused anyway. */
    private void forgetOldErasures(long cutoff) {
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
