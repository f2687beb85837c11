package io.streamrec.ranking;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.catalog.TrendingLookup;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The shared knowledge the ranker consults, backed by stores in the topology.
 *
 * @param catalog     category and availability of items
 * @param trending    in-stream trending per scope
 * @param coPurchases complements of an item
 * @param modelKnows  whether the model's vocabulary has the item (new launches do not; they enter through trending)
 */
public record Lookups(Catalog catalog, TrendingLookup trending, CoPurchaseLookup coPurchases,
                      Predicate<String> modelKnows) {
    /** No catalog, no trending, no co-purchases, every item known: the ranking as it was before the catalog. */
    public static final Lookups NONE = new Lookups(Catalog.EMPTY, TrendingLookup.NONE, CoPurchaseLookup.NONE,
            item -> true);

    public Lookups {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(trending, "trending");
        Objects.requireNonNull(coPurchases, "coPurchases");
        Objects.requireNonNull(modelKnows, "modelKnows");
    }
}
