package io.streamrec.topology;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItemBytes;
import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.catalog.CoPurchases;
import io.streamrec.catalog.Trending;
import io.streamrec.catalog.TrendingLookup;
import io.streamrec.ranking.Lookups;
import io.streamrec.scoring.SessionModel;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ranker's {@link Lookups}, backed by the global stores every instance holds: the checked catalog, every
 * task's trending per scope (merged, and kept until the trending store changes) and every
 * task's co-purchase partners per item.
 */
final class SharedLookups {
    static final String CATALOG_STORE = "catalog";
    static final String TRENDING_STORE = SharedTrending.STORE;
    static final String COPURCHASES_STORE = "copurchases";

    private final Catalog catalog;
    private final KeyValueStore<String, byte[]> trendingParts;
    private final KeyValueStore<String, byte[]> coPurchaseParts;
    private final int partitions;
    private final Trending trending;
    private final long coPurchaseMinCount;
    private final SharedVersions versions;

    /** @param versions what changed in the global stores ({@link GlobalStoreWriter}) */
    SharedLookups(ProcessorContext<?, ?> context, int partitions, Trending trending, long coPurchaseMinCount,
                  SharedVersions versions) {
        this.versions = versions;
        this.catalog = catalog(context, versions);
        this.trendingParts = context.getStateStore(TRENDING_STORE);
        this.coPurchaseParts = context.getStateStore(COPURCHASES_STORE);
        this.partitions = partitions;
        this.trending = trending;
        this.coPurchaseMinCount = coPurchaseMinCount;
    }

    Lookups lookups(SessionModel model) {
        return new Lookups(catalog, trendingLookup(), coPurchases(), model.vocabulary()::contains);
    }

    /** The checked catalog, as the global store of any processor's instance holds it, decoded items cached. */
    static Catalog catalog(ProcessorContext<?, ?> context, SharedVersions versions) {
        KeyValueStore<String, byte[]> store = context.getStateStore(CATALOG_STORE);
        return new CachedCatalog(item -> Optional.ofNullable(store.get(item)).map(CatalogItemBytes::decode),
                versions::catalog, 100_000);
    }

    TrendingLookup trendingLookup() {
        return (scope, n) -> versions.merged(scope,
                s -> SharedTrending.merged(trendingParts::get, s, partitions, trending)).top(n);
    }

    private CoPurchaseLookup coPurchases() {
        return (item, n) -> {
            List<byte[]> parts = SharedKeys.parts(coPurchaseParts::get, item, partitions);
            return parts.isEmpty() ? List.of() : CoPurchases.mergedTopItems(parts, n, coPurchaseMinCount);
        };
    }
}
