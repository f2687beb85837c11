package io.streamrec.topology;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The catalog store's items, decoded once and kept until the catalog changes (it changes rarely; a list looks up
 * about a hundred candidates). One processor's: not thread-safe. Bounded: past {@code maxItems} it starts over.
 */
final class CachedCatalog implements Catalog {
    private final Catalog store;
    private final LongSupplier version;
    private final int maxItems;
    private final Map<String, Optional<CatalogItem>> items = new HashMap<>();
    private long seen = -1;

    CachedCatalog(Catalog store, LongSupplier version, int maxItems) {
        this.store = store;
        this.version = version;
        this.maxItems = maxItems;
    }

    @Override
    public Optional<CatalogItem> get(String item) {
        long now = version.getAsLong();
        if (now != seen || items.size() >= maxItems) {
            items.clear();
            seen = now;
        }
        return items.computeIfAbsent(item, store::get);
    }
}
