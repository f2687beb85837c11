package io.streamrec.catalog;

import java.util.List;
import java.util.function.Function;

/** Read side of {@link CoPurchase} for the ranker: the complements of an item, best first. */
@FunctionalInterface
public interface CoPurchaseLookup {
    /** No co-purchase data. */
    CoPurchaseLookup NONE = (item, n) -> List.of();

    /** Up to {@code n} items bought with {@code item}, best first. */
    List<String> complements(String item, int n);

    /**
     * Over a store of item → {@link CoPurchases#encode encoded list} (null when absent), keeping partners bought with
     * the item at least {@code minCount} times for sure.
     */
    static CoPurchaseLookup over(Function<String, byte[]> store, long minCount) {
        return (item, n) -> {
            byte[] stored = store.apply(item);
            return stored == null ? List.of() : CoPurchases.topItems(stored, n, minCount);
        };
    }
}
