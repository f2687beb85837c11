package io.streamrec.ranking;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.session.Interaction;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Whether one item may appear in one user's list on one surface, whatever its source: not bought, not among the
 * items of the last N events, recommendable in the catalog (available, not removed) or unknown to it but known to
 * the model (when unknown items are allowed), and of an allowed category when a filter applies.
 */
final class Eligibility {
    private final Set<String> excluded;
    private final boolean allowUnknown;
    private final Set<String> categories;
    private final Catalog catalog;
    private final Predicate<String> modelKnows;

    /**
     * @param categories allowed categories, or null for all
     */
    Eligibility(RankingRules rules, RankRequest request, Catalog catalog, Predicate<String> modelKnows,
                Set<String> categories) {
        this.excluded = new HashSet<>(request.purchased());
        List<Interaction> recent = request.interactions();
        for (int i = Math.max(0, recent.size() - rules.excludeRecentEvents()); i < recent.size(); i++) {
            excluded.add(recent.get(i).item());
        }
        this.allowUnknown = rules.allowUnknownItems();
        this.categories = categories;
        this.catalog = catalog;
        this.modelKnows = modelKnows;
    }

    boolean allows(String item) {
        if (excluded.contains(item)) {
            return false;
        }
        Optional<CatalogItem> known = catalog.get(item);
        if (known.isEmpty()) {
            return allowUnknown && categories == null && modelKnows.test(item);
        }
        return known.get().recommendable() && (categories == null || categories.contains(known.get().category()));
    }

    /** The item's category, or null when the catalog does not know it. */
    String category(String item) {
        return catalog.get(item).map(CatalogItem::category).orElse(null);
    }
}
