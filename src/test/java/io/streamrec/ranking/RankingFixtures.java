package io.streamrec.ranking;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.catalog.TrendingLookup;
import io.streamrec.events.EventType;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.session.Interaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/** Small builders for ranking tests: candidates, sessions, a catalog, trending and co-purchase lookups. */
final class RankingFixtures {
    private RankingFixtures() {
    }

    /** Model candidates, best first, scored n, n-1, ... */
    static List<ScoredItem> candidates(String... ids) {
        return IntStream.range(0, ids.length).mapToObj(i -> new ScoredItem(ids[i], ids.length - i)).toList();
    }

    /** ids prefix0 .. prefix(n-1). */
    static String[] ids(String prefix, int n) {
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] part : parts) {
            all.addAll(List.of(part));
        }
        return all.toArray(String[]::new);
    }

    static List<String> items(List<ScoredItem> list) {
        return list.stream().map(ScoredItem::item).toList();
    }

    static List<ScoredItem.Source> sources(List<ScoredItem> list) {
        return list.stream().map(ScoredItem::source).toList();
    }

    static List<Interaction> clicks(String... items) {
        List<Interaction> interactions = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            interactions.add(new Interaction(items[i], EventType.CLICK, 1_000 + i));
        }
        return interactions;
    }

    static List<Interaction> withCart(List<Interaction> before, String carted) {
        List<Interaction> interactions = new ArrayList<>(before);
        interactions.add(new Interaction(carted, EventType.CART, 10_000));
        return interactions;
    }

    /** A user with history, scored by the model. */
    static RankRequest warm(List<ScoredItem> candidates, List<Interaction> interactions, Set<String> purchased) {
        return new RankRequest(candidates, false, interactions, purchased, null);
    }

    static RankRequest cold(List<Interaction> interactions, Set<String> purchased) {
        return new RankRequest(List.of(), true, interactions, purchased, null);
    }

    /** A catalog built item by item. */
    static final class TestCatalog implements Catalog {
        private final Map<String, CatalogItem> items = new HashMap<>();
        int lookups;

        TestCatalog put(String category, boolean available, String... ids) {
            for (String id : ids) {
                items.put(id, CatalogItem.of(id, category, available));
            }
            return this;
        }

        TestCatalog remove(String... ids) {
            for (String id : ids) {
                items.put(id, CatalogItem.removed(id));
            }
            return this;
        }

        @Override
        public java.util.Optional<CatalogItem> get(String item) {
            lookups++;
            return java.util.Optional.ofNullable(items.get(item));
        }
    }

    /** Trending per scope as fixed lists, best first. */
    static TrendingLookup trending(Map<String, List<String>> scopes) {
        return (scope, n) -> {
            List<String> all = scopes.getOrDefault(scope, List.of());
            return all.subList(0, Math.min(n, all.size()));
        };
    }

    static CoPurchaseLookup complements(Map<String, List<String>> byItem) {
        return (item, n) -> {
            List<String> all = byItem.getOrDefault(item, List.of());
            return all.subList(0, Math.min(n, all.size()));
        };
    }

    static Lookups lookups(Catalog catalog, TrendingLookup trending, CoPurchaseLookup coPurchases,
                           Predicate<String> modelKnows) {
        return new Lookups(catalog, trending, coPurchases, modelKnows);
    }

    static Lookups catalogOnly(Catalog catalog) {
        return new Lookups(catalog, TrendingLookup.NONE, CoPurchaseLookup.NONE, item -> true);
    }
}
