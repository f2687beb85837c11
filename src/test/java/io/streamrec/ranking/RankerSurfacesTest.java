package io.streamrec.ranking;

import static io.streamrec.ranking.RankingFixtures.candidates;
import static io.streamrec.ranking.RankingFixtures.clicks;
import static io.streamrec.ranking.RankingFixtures.ids;
import static io.streamrec.ranking.RankingFixtures.items;
import static io.streamrec.ranking.RankingFixtures.lookups;
import static io.streamrec.ranking.RankingFixtures.sources;
import static io.streamrec.ranking.RankingFixtures.warm;
import static io.streamrec.ranking.RankingFixtures.withCart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.catalog.TrendingLookup;
import io.streamrec.ranking.RankingFixtures.TestCatalog;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import io.streamrec.session.Interaction;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cart rule (complements of the carted item first) and one list per surface, each with its own rules. */
class RankerSurfacesTest {
    private static final RankingRules DEFAULTS = new RankingRules(10, true);
    private static final List<Interaction> HISTORY = clicks("h1", "h2", "h3");
    private static final Map<String, List<String>> BOUGHT_WITH =
            Map.of("phone", List.of("case", "charger", "stand", "cable"));

    @Test
    void shouldLeadWithComplementsOfTheCartedItemOverTheModelsSubstitutes() {
        TestCatalog catalog = new TestCatalog().put("phones", true, "phone", "phone-2", "phone-3", "phone-4")
                .put("accessories", true, "case", "charger", "stand", "cable");
        RankRequest afterCart = warm(candidates("phone-2", "phone-3", "charger", "phone-4", "m0", "m1", "m2"),
                withCart(HISTORY, "phone"), Set.of());
        List<ScoredItem> ranked = new Ranker(DEFAULTS.withTopK(6), List.of()).rank(afterCart, withComplements(catalog));
        assertEquals(List.of("case", "charger", "stand", "phone-2", "phone-3", "phone-4"), items(ranked));
        assertEquals(List.of(Source.COMPLEMENT, Source.MODEL, Source.COMPLEMENT, Source.MODEL, Source.MODEL,
                Source.MODEL), sources(ranked));
        assertEquals(5.0, ranked.get(1).score(), "a complement the model proposed keeps its score");
        assertEquals(0.0, ranked.get(0).score());
    }

    @Test
    void shouldApplyTheCartRuleOnlyWhenTheNewestEventIsACart() {
        List<Interaction> cartThenClick = new java.util.ArrayList<>(withCart(HISTORY, "phone"));
        cartThenClick.add(new Interaction("m9", io.streamrec.events.EventType.CLICK, 20_000));
        RankRequest request = warm(candidates(ids("m", 8)), cartThenClick, Set.of());
        assertEquals(List.of("m0", "m1", "m2"),
                items(new Ranker(DEFAULTS.withTopK(3), List.of()).rank(request, withComplements(new TestCatalog()))));
        RankRequest afterCart = warm(candidates(ids("m", 8)), withCart(HISTORY, "phone"), Set.of());
        assertEquals(List.of("m0", "m1", "m2"), items(new Ranker(DEFAULTS.withTopK(3).withComplementsMax(0), List.of())
                .rank(afterCart, withComplements(new TestCatalog()))));
    }

    @Test
    void shouldSkipComplementsThatCannotBeShownAndTakeTheNextOnes() {
        TestCatalog catalog = new TestCatalog().put("accessories", false, "charger");
        RankRequest afterCart = warm(candidates(ids("m", 8)), withCart(HISTORY, "phone"), Set.of("case"));
        assertEquals(List.of("stand", "cable", "m0", "m1"),
                items(new Ranker(DEFAULTS.withTopK(4), List.of()).rank(afterCart, withComplements(catalog))));
    }

    @Test
    void shouldFillOnFromTheModelWhenTheCartedItemHasNoComplements() {
        RankRequest afterCart = warm(candidates(ids("m", 8)), withCart(HISTORY, "lamp"), Set.of());
        assertEquals(List.of("m0", "m1", "m2"),
                items(new Ranker(DEFAULTS.withTopK(3), List.of()).rank(afterCart, withComplements(new TestCatalog()))));
    }

    @Test
    void shouldRankOneListPerSurfaceEachWithItsOwnRules() {
        TestCatalog catalog = new TestCatalog().put("phones", true, "m0", "m1", "m2", "m3", "m4")
                .put("accessories", true, "case", "charger", "stand", "m5");
        Surface home = new Surface("home", DEFAULTS.withTopK(4).withComplementsMax(0).withMaxPerCategory(0));
        Surface cart = new Surface("cart", DEFAULTS.withTopK(3).withComplementsMax(2));
        Surface accessories = new Surface("accessories", DEFAULTS.withTopK(2).withCategories(Set.of("accessories")));
        RankRequest afterCart = warm(candidates(ids("m", 6)), withCart(HISTORY, "phone"), Set.of());

        Map<String, List<ScoredItem>> lists = new Ranker(DEFAULTS, List.of())
                .rank(afterCart, withComplements(catalog), List.of(home, cart, accessories));

        assertEquals(List.of("home", "cart", "accessories"), List.copyOf(lists.keySet()));
        assertEquals(List.of("m0", "m1", "m2", "m3"), items(lists.get("home")));
        assertEquals(List.of("case", "charger", "m0"), items(lists.get("cart")));
        assertEquals(List.of("case", "charger"), items(lists.get("accessories")));
        assertTrue(catalog.lookups <= 10, "each item looked up once for all surfaces: " + catalog.lookups);
    }

    @Test
    void shouldRankTheDefaultSurfaceWithTheRankersOwnRules() {
        RankRequest request = warm(candidates(ids("m", 8)), HISTORY, Set.of());
        Ranker ranker = new Ranker(DEFAULTS.withTopK(2), List.of());
        assertEquals(ranker.rank(request, Lookups.NONE),
                ranker.rank(request, Lookups.NONE, List.of(Surface.defaultSurface(DEFAULTS.withTopK(2)))).get("default"));
    }

    private static Lookups withComplements(TestCatalog catalog) {
        return lookups(catalog, TrendingLookup.NONE, RankingFixtures.complements(BOUGHT_WITH), item -> true);
    }
}
