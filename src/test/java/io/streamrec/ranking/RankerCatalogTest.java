package io.streamrec.ranking;

import static io.streamrec.ranking.RankingFixtures.candidates;
import static io.streamrec.ranking.RankingFixtures.catalogOnly;
import static io.streamrec.ranking.RankingFixtures.clicks;
import static io.streamrec.ranking.RankingFixtures.ids;
import static io.streamrec.ranking.RankingFixtures.items;
import static io.streamrec.ranking.RankingFixtures.lookups;
import static io.streamrec.ranking.RankingFixtures.sources;
import static io.streamrec.ranking.RankingFixtures.trending;
import static io.streamrec.ranking.RankingFixtures.warm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.ranking.RankingFixtures.TestCatalog;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The catalog rules: availability, purchases, recent items, the category cap and filters. */
class RankerCatalogTest {
    /** Every optional rule off: each test turns on the one it checks. */
    private static final RankingRules PLAIN = new RankingRules(10, false).withMaxPerCategory(0).withBlend(0, 0)
            .withNewItemsMax(0).withComplementsMax(0);
    private static final List<String> HISTORY = List.of("h1", "h2", "h3");

    @Test
    void shouldNeverRecommendUnavailableOrRemovedItemsButAllowUnknownOnesByDefault() {
        TestCatalog catalog = new TestCatalog().put("c", true, "a", "e").put("c", false, "b");
        CatalogItem tombstone = new CatalogCodec().parse("c", null);
        catalog.remove(tombstone.item());
        RankRequest request = warm(candidates("a", "b", "c", "d", "e"), clicks("x"), Set.of());
        assertEquals(List.of("a", "d", "e"), rank(PLAIN.withTopK(3), request, catalogOnly(catalog)));
        assertEquals(List.of("a", "e"),
                rank(PLAIN.withTopK(3).withAllowUnknownItems(false), request, catalogOnly(catalog)));
    }

    @Test
    void shouldShowAnItemNeitherTheCatalogNorTheModelKnowsNever() {
        TestCatalog catalog = new TestCatalog().put("c", true, "launch");
        Lookups lookups = lookups(catalog, trending(Map.of("global", List.of("junk", "launch", "known"))),
                CoPurchaseLookup.NONE, item -> !item.equals("junk") && !item.equals("launch"));
        RankRequest cold = RankingFixtures.cold(List.of(), Set.of());
        assertEquals(List.of("launch", "known"), rank(PLAIN, cold, lookups));
    }

    @Test
    void shouldNeverRecommendPurchasedItemsFromAnySource() {
        Set<String> purchased = Set.of("m1", "t1", "p1", "c1");
        Lookups lookups = lookups(new TestCatalog(), trending(Map.of("global", List.of("t1", "t2"))),
                RankingFixtures.complements(Map.of("carted", List.of("c1", "c2"))), item -> true);
        RankRequest request = warm(candidates("m1", "m2"), RankingFixtures.withCart(clicks(HISTORY.toArray(String[]::new)),
                "carted"), purchased);
        List<String> ranked = new Ranker(PLAIN.withComplementsMax(2), List.of("p1", "p2")).rank(request, lookups)
                .stream().map(ScoredItem::item).toList();
        assertEquals(List.of("c2", "m2", "t2", "p2"), ranked);
    }

    @Test
    void shouldExcludeTheItemsOfTheLastNEvents() {
        RankRequest request = warm(candidates("r1", "r2", "r3", "r4", "r5", "x", "y"),
                clicks("r1", "r2", "r3", "r4", "r5"), Set.of());
        assertEquals(List.of("r1", "r2", "x", "y"), rank(PLAIN.withExcludeRecentEvents(3), request, Lookups.NONE));
        assertEquals(List.of("r1", "r2", "r3", "r4", "x", "y"),
                rank(PLAIN.withExcludeRecentEvents(1), request, Lookups.NONE));
        assertEquals(7, rank(PLAIN.withExcludeRecentEvents(0), request, Lookups.NONE).size());
        assertEquals(List.of("x", "y"), rank(PLAIN.withExcludeRecentEvents(50), request, Lookups.NONE));
    }

    @Test
    void shouldCapEachCategoryAndFillFromFurtherDown() {
        TestCatalog catalog = new TestCatalog().put("A", true, ids("a", 10)).put("B", true, ids("b", 5))
                .put("C", true, ids("c", 5));
        RankRequest request = warm(candidates(RankingFixtures.concat(ids("a", 10), ids("b", 5), ids("c", 5))),
                clicks(HISTORY.toArray(String[]::new)), Set.of());
        assertEquals(List.of("a0", "a1", "a2", "b0", "b1", "b2", "c0", "c1"),
                rank(PLAIN.withTopK(8).withMaxPerCategory(3), request, catalogOnly(catalog)));
    }

    @Test
    void shouldStayFullLengthWhenMostOfTheModelsTopItemsAreFiltered() {
        String[] top = ids("i", 100);
        TestCatalog catalog = new TestCatalog().put("A", false, java.util.Arrays.copyOfRange(top, 0, 40))
                .put("A", true, java.util.Arrays.copyOfRange(top, 40, 80));
        String[] categories = {"B", "C", "D", "E"};
        for (int i = 80; i < 100; i++) {
            catalog.put(categories[i % 4], true, top[i]);
        }
        Set<String> purchased = new HashSet<>(List.of(java.util.Arrays.copyOfRange(top, 40, 60)));
        RankRequest request = warm(candidates(top), clicks(HISTORY.toArray(String[]::new)), purchased);
        List<ScoredItem> ranked = new Ranker(PLAIN.withMaxPerCategory(3), List.of()).rank(request, catalogOnly(catalog));

        assertEquals(10, ranked.size(), "77 of the model's top 87 filtered, still a full list: " + items(ranked));
        assertEquals(Collections.nCopies(10, Source.MODEL), sources(ranked));
        Map<String, Integer> perCategory = new HashMap<>();
        for (ScoredItem item : ranked) {
            CatalogItem known = catalog.get(item.item()).orElseThrow();
            assertTrue(known.recommendable() && !purchased.contains(item.item()), item.item());
            perCategory.merge(known.category(), 1, Integer::sum);
        }
        assertTrue(perCategory.values().stream().allMatch(n -> n <= 3), perCategory.toString());
        assertEquals(List.of("i60", "i61", "i62", "i80", "i81", "i82", "i83", "i84", "i85", "i86"), items(ranked));
    }

    @Test
    void shouldFillFromFurtherCandidatesThenTrendingThenPopular() {
        TestCatalog catalog = new TestCatalog().put("A", false, ids("m", 8));
        Lookups lookups = lookups(catalog, trending(Map.of("global", List.of("t0", "m0", "t1", "t2"))),
                CoPurchaseLookup.NONE, item -> true);
        RankRequest request = warm(candidates(RankingFixtures.concat(ids("m", 8), new String[]{"ok1", "ok2"})),
                clicks(HISTORY.toArray(String[]::new)), Set.of());
        List<ScoredItem> ranked = new Ranker(PLAIN.withTopK(8), List.of(ids("p", 5)))
                .rank(request, lookups);
        assertEquals(List.of("ok1", "ok2", "t0", "t1", "t2", "p0", "p1", "p2"), items(ranked));
        assertEquals(List.of(Source.MODEL, Source.MODEL, Source.TRENDING, Source.TRENDING, Source.TRENDING,
                Source.POPULAR, Source.POPULAR, Source.POPULAR), sources(ranked));
        assertEquals(0.0, ranked.get(2).score());
    }

    @Test
    void shouldRelaxTheCapOnlyWhenNothingElseEligibleIsLeft() {
        TestCatalog catalog = new TestCatalog().put("A", true, ids("a", 10)).put("B", true, "p0", "p1");
        RankRequest request = warm(candidates(ids("a", 10)), clicks(HISTORY.toArray(String[]::new)), Set.of());
        assertEquals(List.of("a0", "a1", "a2", "a3", "a4"),
                new Ranker(PLAIN.withTopK(5).withMaxPerCategory(3), List.of()).rank(request, catalogOnly(catalog))
                        .stream().map(ScoredItem::item).toList());
        assertEquals(List.of("a0", "a1", "a2", "p0", "p1"),
                new Ranker(PLAIN.withTopK(5).withMaxPerCategory(3), List.of("p0", "p1"))
                        .rank(request, catalogOnly(catalog)).stream().map(ScoredItem::item).toList());
    }

    @Test
    void shouldKeepOnlyTheSurfacesCategoriesAndNarrowThemPerRequest() {
        TestCatalog catalog = new TestCatalog().put("A", true, "a0", "a1").put("B", true, "b0", "b1")
                .put("C", true, "c0");
        RankRequest request = warm(candidates("a0", "unknown", "b0", "c0", "a1", "b1"),
                clicks(HISTORY.toArray(String[]::new)), Set.of());
        Lookups lookups = catalogOnly(catalog);
        assertEquals(List.of("b0", "b1"), rank(PLAIN.withCategories(Set.of("B")), request, lookups));
        assertEquals(List.of("a0", "b0", "a1", "b1"), rank(PLAIN.withCategories(Set.of("A", "B")), request, lookups));
        assertEquals(List.of("c0"), rank(PLAIN, request.withCategory("C"), lookups));
        assertEquals(List.of("a0", "a1"), rank(PLAIN.withCategories(Set.of("A", "B")), request.withCategory("A"), lookups));
        assertEquals(List.of(), rank(PLAIN.withCategories(Set.of("B")), request.withCategory("C"), lookups));
    }

    @Test
    void shouldFillAFilteredListFromTheCategoriesOwnTrending() {
        TestCatalog catalog = new TestCatalog().put("B", true, "tb0", "tb1", "pb").put("A", true, "g0", "pa");
        Lookups lookups = lookups(catalog, trending(Map.of("global", List.of("g0", "tb1"),
                "category:B", List.of("tb0", "tb1"))), CoPurchaseLookup.NONE, item -> true);
        assertEquals(List.of("tb0", "tb1", "pb"), new Ranker(PLAIN, List.of("pa", "pb"))
                .rank(RankingFixtures.cold(List.of(), Set.of()), lookups, new Surface("b", PLAIN.withCategories(Set.of("B"))))
                .stream().map(ScoredItem::item).toList());
    }

    private static List<String> rank(RankingRules rules, RankRequest request, Lookups lookups) {
        return items(new Ranker(rules, List.of()).rank(request, lookups));
    }
}
