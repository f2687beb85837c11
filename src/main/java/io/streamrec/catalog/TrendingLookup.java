package io.streamrec.catalog;

import java.util.List;
import java.util.function.Function;

/** Read side of {@link Trending} for the ranker: a scope's best items, best first. */
@FunctionalInterface
public interface TrendingLookup {
    /** No trending data: every scope is empty. */
    TrendingLookup NONE = (scope, n) -> List.of();

    /**
     * Up to {@code n} items of {@code scope} ({@link Trending#GLOBAL_SCOPE} or {@link Trending#categoryScope}), best
     * first; fewer only when the scope has no more.
     */
    List<String> top(String scope, int n);

    /** Over a store of scope → {@link DecayedCounter#encode encoded counter} (null when absent); decodes prefixes only. */
    static TrendingLookup over(Function<String, byte[]> store) {
        return (scope, n) -> {
            byte[] stored = store.apply(scope);
            return stored == null ? List.of() : DecayedCounter.topItems(stored, n);
        };
    }
}
