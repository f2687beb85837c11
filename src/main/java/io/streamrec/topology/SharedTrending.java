package io.streamrec.topology;

import io.streamrec.catalog.DecayedCounter;
import io.streamrec.catalog.Trending;
import java.util.function.Function;

/**
 * Reads trending as the whole app counted it: every task publishes its own counter per scope under
 * {@code scope#partition} into the global trending store; the parts of all partitions are merged.
 */
public final class SharedTrending {
    /** The global store over {@code streamrec.trending}, the same on every instance. */
    public static final String STORE = "trending";

    private SharedTrending() {
    }

    /** The merged counter of {@code scope}; empty when no task has published it. */
    public static DecayedCounter merged(Function<String, byte[]> store, String scope, int partitions,
                                        Trending trending) {
        return DecayedCounter.merge(SharedKeys.parts(store, scope, partitions), trending.halfLife(),
                trending.maxItems());
    }
}
