package io.streamrec.topology;

import io.streamrec.catalog.DecayedCounter;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Change counters of the global stores, bumped by {@link GlobalStoreWriter} on the global thread and read by the
 * stream threads, so what they derive from a store (merged trending per scope, decoded catalog items) is derived
 * again only after the part it came from changed. The merged trending of a scope is derived once per change for the
 * whole instance: every task reads the same scopes, and merging every partition's part is not cheap.
 */
final class SharedVersions {
    /** A scope's trending merged over all partitions' parts, and its items best first; never modified. */
    record MergedScope(long version, DecayedCounter counter, List<String> top) {
        List<String> top(int n) {
            return n >= top.size() ? top : top.subList(0, n);
        }
    }

    private final AtomicLong catalog = new AtomicLong();
    private final ConcurrentHashMap<String, AtomicLong> trendingScopes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, MergedScope> mergedScopes = new ConcurrentHashMap<>();

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

    /**
     * The scope's merged trending as of its current version, merged by {@code merge} when it changed since the
     * last call (from any thread). Two threads may both merge after a change; either result is current.
     */
    MergedScope merged(String scope, Function<String, DecayedCounter> merge) {
        long version = trending(scope);
        MergedScope cached = mergedScopes.get(scope);
        if (cached == null || cached.version() != version) {
            DecayedCounter counter = merge.apply(scope);
            cached = new MergedScope(version, counter, counter.topItems(counter.size()));
            mergedScopes.put(scope, cached);
        }
        return cached;
    }
}
