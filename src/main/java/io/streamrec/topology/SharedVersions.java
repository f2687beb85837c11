package io.streamrec.topology;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Change counters of the global stores, bumped by {@link GlobalStoreWriter} on the global thread and read by the
 * stream threads, so what they derive from a store (merged trending per scope, decoded catalog items) is derived
 * again only after the part it came from changed.
 */
final class SharedVersions {
    private final AtomicLong catalog = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> trendingScopes = new ConcurrentHashMap<>();

    void catalogWritten(String item) {
        catalog.incrementAndGet();
    }

    /** A trending part {@code scope#partition} was written. */
    void trendingWritten(String part) {
        int hash = part.lastIndexOf('#');
        String scope = hash < 0 ? part : part.substring(0, hash);
        trendingScopes.computeIfAbsent(scope, s -> new AtomicLong()).incrementAndGet();
    }

    long catalog() {
        return catalog.get();
    }

    long trending(String scope) {
        AtomicLong version = trendingScopes.get(scope);
        return version == null ? 0 : version.get();
    }
}
