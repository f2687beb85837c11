package io.streamrec.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@link RateLimiter} per client (remote address), so that one client's flood answers 429 to that client
 * only. Callers that failed authentication count in buckets of their own: guessing tokens does not use up the
 * budget of the clients that hold one. At most {@link #MAX_CLIENTS} buckets; the least recently used goes first.
 */
final class ClientLimits {
    static final int MAX_CLIENTS = 10_000;

    private final int perSecond;
    private final Map<String, RateLimiter> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    ClientLimits(int perSecond) {
        this.perSecond = perSecond;
    }

    boolean tryAcquire(String client, boolean authenticated) {
        String key = (authenticated ? "ok " : "unauthenticated ") + client;
        RateLimiter limiter;
        synchronized (buckets) {
            limiter = buckets.computeIfAbsent(key, k -> new RateLimiter(perSecond));
        }
        return limiter.tryAcquire();
    }

    int perSecond() {
        return perSecond;
    }
}
