package io.streamrec.catalog;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the ranker asks about items: their category and availability. Empty means the catalog does not know the
 * item (yet); a removed item answers its {@link CatalogItem#removed removal marker}. The topology backs it with a
 * store fed by the compacted {@code items} topic.
 */
@FunctionalInterface
public interface Catalog {
    /** A catalog that knows nothing: every item is unknown (the demo, and the behaviour before the catalog). */
    Catalog EMPTY = item -> Optional.empty();

    Optional<CatalogItem> get(String item);

    static Catalog of(Collection<CatalogItem> items) {
        Map<String, CatalogItem> byId = items.stream()
                .collect(Collectors.toUnmodifiableMap(CatalogItem::item, Function.identity(), (a, b) -> b));
        return item -> Optional.ofNullable(byId.get(item));
    }
}
