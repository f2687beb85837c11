package io.streamrec.ranking;

import static io.streamrec.ranking.RankingFixtures.candidates;
import static io.streamrec.ranking.RankingFixtures.clicks;
import static io.streamrec.ranking.RankingFixtures.ids;
import static io.streamrec.ranking.RankingFixtures.items;
import static io.streamrec.ranking.RankingFixtures.lookups;
import static io.streamrec.ranking.RankingFixtures.sources;
import static io.streamrec.ranking.RankingFixtures.trending;
import static io.streamrec.ranking.RankingFixtures.warm;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamrec.catalog.CoPurchaseLookup;
import io.streamrec.catalog.TrendingLookup;
import io.streamrec.ranking.RankingFixtures.TestCatalog;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trending in the lists: cold-start users, short histories, and launches the model has never seen. */
class RankerTrendingTest {
    private static final RankingRules DEFAULTS = new RankingRules(10, true);
    private static final List<String> POPULAR = List.of("p0", "p1", "p2", "p3", "p4", "p5");
    private static final List<String> TRENDING = List.of("t0", "t1", "t2", "t3", "t4");

    @Test
    void shouldGiveAColdStartUserTrendingItemsThenPopularOnes() {
        Lookups lookups = lookups(new TestCatalog(), trending(Map.of("global", TRENDING)), CoPurchaseLookup.NONE,
                item -> true);
        List<ScoredItem> ranked = new Ranker(DEFAULTS.withTopK(7), POPULAR)
                .rank(RankingFixtures.cold(clicks("t4"), Set.of("t1", "p0")), lookups);
        assertEquals(List.of("t0", "t2", "t3", "p1", "p2", "p3", "p4"), items(ranked));
        assertEquals(List.of(Source.TRENDING, Source.TRENDING, Source.TRENDING, Source.POPULAR, Source.POPULAR,
                Source.POPULAR, Source.POPULAR), sources(ranked));
    }

    @Test
    void shouldGiveAColdStartUserThePopularItemsWhileNothingTrends() {
        List<ScoredItem> ranked = new Ranker(DEFAULTS.withTopK(3), POPULAR)
                .rank(RankingFixtures.cold(List.of(), Set.of()), Lookups.NONE);
        assertEquals(List.of("p0", "p1", "p2"), items(ranked));
        assertEquals(List.of(Source.POPULAR, Source.POPULAR, Source.POPULAR), sources(ranked));
    }

    @Test
    void shouldBlendTrendingIntoTheListOfAUserWithAShortHistory() {
        Lookups lookups = lookups(new TestCatalog(), trending(Map.of("global", List.of("m0", "t0", "t1", "t2", "t3"))),
                CoPurchaseLookup.NONE, item -> true);
        RankRequest oneEvent = warm(candidates(ids("m", 20)), clicks("seen"), Set.of());
        List<ScoredItem> ranked = new Ranker(DEFAULTS, POPULAR).rank(oneEvent, lookups);
        assertEquals(List.of("m0", "m1", "m2", "t0", "m3", "m4", "t1", "m5", "m6", "t2"), items(ranked),
                "3 of 10 slots (share 0.3) at positions 4, 7, 10; m0 not repeated");
        assertEquals(Source.TRENDING, ranked.get(3).source());
        assertEquals(Source.MODEL, ranked.get(4).source());
    }

    @Test
    void shouldNotBlendForAnEstablishedUserOrAZeroShare() {
        Lookups lookups = lookups(new TestCatalog(), trending(Map.of("global", TRENDING)), CoPurchaseLookup.NONE,
                item -> true);
        RankRequest threeEvents = warm(candidates(ids("m", 20)), clicks("x", "y", "z"), Set.of());
        assertEquals(List.of(ids("m", 10)), items(new Ranker(DEFAULTS, POPULAR).rank(threeEvents, lookups)));
        RankRequest oneEvent = warm(candidates(ids("m", 20)), clicks("x"), Set.of());
        assertEquals(List.of(ids("m", 10)),
                items(new Ranker(DEFAULTS.withBlend(3, 0), POPULAR).rank(oneEvent, lookups)));
        assertEquals(List.of("m0", "t0", "m1", "t1"),
                items(new Ranker(DEFAULTS.withTopK(4).withBlend(5, 0.5), POPULAR).rank(oneEvent, lookups)));
    }

    @Test
    void shouldLetAnAvailableLaunchTheModelHasNeverSeenInThroughTrending() {
        List<String> trend = List.of("m5", "launch", "m6");
        RankRequest established = warm(candidates(ids("m", 20)), clicks("x", "y", "z"), Set.of());
        TestCatalog catalog = new TestCatalog().put("new", true, "launch");
        List<ScoredItem> ranked = new Ranker(DEFAULTS, POPULAR).rank(established, vocabularyOfM(catalog, trend));
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "launch"), items(ranked));
        assertEquals(Source.TRENDING, ranked.get(9).source());

        assertEquals(List.of(ids("m", 10)), items(new Ranker(DEFAULTS, POPULAR)
                .rank(established, vocabularyOfM(new TestCatalog().put("new", false, "launch"), trend))), "unavailable");
        assertEquals(List.of(ids("m", 10)), items(new Ranker(DEFAULTS, POPULAR)
                .rank(established, vocabularyOfM(new TestCatalog(), trend))), "unknown to the catalog");
        assertEquals(List.of(ids("m", 10)), items(new Ranker(DEFAULTS.withNewItemsMax(0), POPULAR)
                .rank(established, vocabularyOfM(catalog, trend))), "no slot for launches");
    }

    @Test
    void shouldGiveLaunchesAsManySlotsAsConfiguredAtTheEnd() {
        TestCatalog catalog = new TestCatalog().put("new", true, "n0", "n1", "n2");
        RankRequest established = warm(candidates(ids("m", 20)), clicks("x", "y", "z"), Set.of());
        List<ScoredItem> ranked = new Ranker(DEFAULTS.withTopK(5).withNewItemsMax(2), POPULAR)
                .rank(established, vocabularyOfM(catalog, List.of("n0", "n1", "n2")));
        assertEquals(List.of("m0", "m1", "m2", "n0", "n1"), items(ranked));
    }

    @Test
    void shouldReadFurtherIntoTrendingWhenItsFirstItemsAreFiltered() {
        List<String> deep = List.of(ids("t", 60));
        List<Integer> asked = new java.util.ArrayList<>();
        TrendingLookup lookup = (scope, n) -> {
            asked.add(n);
            return deep.subList(0, Math.min(n, deep.size()));
        };
        Set<String> bought = Set.copyOf(deep.subList(0, 45));
        List<ScoredItem> ranked = new Ranker(DEFAULTS.withTopK(3).withNewItemsMax(0), POPULAR)
                .rank(RankingFixtures.cold(List.of(), bought), lookups(new TestCatalog(), lookup, CoPurchaseLookup.NONE,
                        item -> true));
        assertEquals(List.of("t45", "t46", "t47"), items(ranked));
        assertEquals(List.of(16, 32, 64), asked, "pages double as they are used up");
    }

    @Test
    void shouldRankAsBeforeTheCatalogWithoutLookups() {
        Ranker ranker = new Ranker(DEFAULTS.withTopK(4), POPULAR);
        List<ScoredItem> candidates = candidates("a", "b", "p1", "c");
        assertEquals(ranker.rank(candidates, Set.of("b"), "c"),
                ranker.rank(warm(candidates, clicks("c"), Set.of("b")), Lookups.NONE));
        assertEquals(List.of("a", "p1", "p0", "p2"), items(ranker.rank(candidates, Set.of("b"), "c")));
    }

    /** The model knows the items named m*; trending as given. */
    private static Lookups vocabularyOfM(TestCatalog catalog, List<String> global) {
        TrendingLookup trending = trending(Map.of("global", global));
        return lookups(catalog, trending, CoPurchaseLookup.NONE, item -> item.startsWith("m"));
    }
}
