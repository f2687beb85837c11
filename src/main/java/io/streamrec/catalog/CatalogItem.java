package io.streamrec.catalog;

import java.util.Map;
import java.util.Objects;

/**
 * One item as the catalog topic {@code items} describes it, or the marker a tombstone leaves ({@link #removed}).
 *
 * @param item       item id, normalised like event item ids
 * @param category   the item's category (null only on a removal marker)
 * @param available  whether it may be recommended now
 * @param price      optional (null when absent)
 * @param launchedAt optional epoch ms (null when absent)
 * @param attributes optional free-form attributes, values as text (nested JSON as its JSON text)
 * @param removed    true for the marker of a tombstone: never recommended
 */
public record CatalogItem(String item, String category, boolean available, Double price, Long launchedAt,
                          Map<String, String> attributes, boolean removed) {
    public CatalogItem {
        Objects.requireNonNull(item, "item");
        if (!removed) {
            Objects.requireNonNull(category, "category");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public static CatalogItem of(String item, String category, boolean available) {
        return new CatalogItem(item, category, available, null, null, Map.of(), false);
    }

    /** What a tombstone on {@code items} leaves: the item is known to be gone, so it is never recommended. */
    public static CatalogItem removed(String item) {
        return new CatalogItem(item, null, false, null, null, Map.of(), true);
    }

    /** Available and not removed: the only state in which the ranker shows it. */
    public boolean recommendable() {
        return available && !removed;
    }
}
