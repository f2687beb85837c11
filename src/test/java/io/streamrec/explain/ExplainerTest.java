package io.streamrec.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.events.EventType;
import io.streamrec.ranking.RankRequest;
import io.streamrec.ranking.RankingRules;
import io.streamrec.ranking.RankingSettings;
import io.streamrec.ranking.Surface;
import io.streamrec.scoring.ItemEmbeddings;
import io.streamrec.scoring.Reason;
import io.streamrec.scoring.Reason.Because;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import io.streamrec.scoring.Vocabulary;
import io.streamrec.session.Interaction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExplainerTest {
    // index:                                     1       2       3       4        5            6
    private static final Vocabulary VOCABULARY = new Vocabulary(List.of("<pad>", "phone", "case", "r-phone", "r-case",
            "opposite", "big"));
    private static final ItemEmbeddings TABLE = ItemEmbeddings.of(new float[][] {
        {0, 0}, {1, 0}, {0, 1}, {0.9f, 0.1f}, {0.1f, 0.9f}, {-1, -1}, {10, 0}});
    private static final RankingRules RULES = RankingSettings.rules(Map.of());
    private static final Explainer EXPLAINER = new Explainer(VOCABULARY, Optional.of(TABLE), 50,
            Explainer.Measure.DOT);

    private static Interaction event(String item, EventType type) {
        return new Interaction(item, type, 1_000);
    }

    private static RankRequest request(List<ScoredItem> candidates, Interaction... history) {
        return new RankRequest(candidates, false, List.of(history), Set.of(), null);
    }

    private static List<Reason> reasons(List<ScoredItem> list) {
        return list.stream().map(ScoredItem::reason).toList();
    }

    private static Reason named(Because because, String item) {
        return new Reason(because, item, null);
    }

    @Test
    void shouldNameTheHistoryItemWhoseEmbeddingPullsTheRecommendedItemMost() {
        List<ScoredItem> list = List.of(new ScoredItem("r-phone", 3), new ScoredItem("r-case", 2));
        RankRequest request = request(list, event("phone", EventType.CLICK), event("case", EventType.CLICK));

        List<ScoredItem> explained = EXPLAINER.explain(list, request, RULES, Catalog.EMPTY);

        assertEquals(List.of(named(Because.VIEWED, "phone"), named(Because.VIEWED, "case")), reasons(explained));
        assertEquals(List.of("r-phone", "r-case"), explained.stream().map(ScoredItem::item).toList(), "order kept");
        assertEquals(3.0, explained.get(0).score());
    }

    @Test
    void shouldReportTheStrongestThingTheUserDidWithTheNamedItem() {
        List<ScoredItem> list = List.of(new ScoredItem("r-phone", 3), new ScoredItem("r-case", 2));
        RankRequest request = request(list, event("phone", EventType.CLICK), event("phone", EventType.CART),
                event("case", EventType.PURCHASE), event("phone", EventType.CLICK));

        assertEquals(List.of(named(Because.CARTED, "phone"), named(Because.BOUGHT, "case")),
                reasons(EXPLAINER.explain(list, request, RULES, Catalog.EMPTY)));
    }

    @Test
    void shouldSayModelWhenNoHistoryItemPullsTheItemAtAll() {
        List<ScoredItem> list = List.of(new ScoredItem("opposite", 1));
        assertEquals(List.of(Reason.MODEL), reasons(EXPLAINER.explain(list,
                request(list, event("phone", EventType.CLICK), event("case", EventType.CLICK)), RULES, Catalog.EMPTY)));
    }

    @Test
    void shouldExplainModelItemsWithoutEvidenceWhenTheModelDirectoryHasNoItemTable() {
        Explainer older = new Explainer(VOCABULARY, Optional.empty(), 50, Explainer.Measure.DOT);
        List<ScoredItem> list = List.of(new ScoredItem("r-phone", 3), new ScoredItem("x", 0, Source.POPULAR));

        List<ScoredItem> explained = older.explain(list, request(list, event("phone", EventType.CLICK)), RULES,
                Catalog.EMPTY);

        assertEquals(List.of(Reason.MODEL, Reason.POPULAR), reasons(explained));
        assertTrue(!older.namesHistoryItems() && EXPLAINER.namesHistoryItems());
    }

    @Test
    void shouldLookOnlyAtTheInteractionsTheModelRead() {
        Explainer lastOnly = new Explainer(VOCABULARY, Optional.of(TABLE), 1, Explainer.Measure.DOT);
        List<ScoredItem> list = List.of(new ScoredItem("r-phone", 3));
        RankRequest request = request(list, event("phone", EventType.CLICK), event("case", EventType.CLICK));

        assertEquals(List.of(named(Because.VIEWED, "case")), reasons(lastOnly.explain(list, request, RULES,
                Catalog.EMPTY)));
    }

    @Test
    void shouldSkipHistoryItemsTheModelDoesNotKnow() {
        List<ScoredItem> list = List.of(new ScoredItem("r-case", 3));
        RankRequest request = request(list, event("case", EventType.CLICK), event("new-1", EventType.CART));

        assertEquals(List.of(named(Because.VIEWED, "case")), reasons(EXPLAINER.explain(list, request, RULES,
                Catalog.EMPTY)));
    }

    @Test
    void shouldWeighTheItemsStrengthByDotProductAndOnlyTheDirectionByCosine() {
        List<ScoredItem> list = List.of(new ScoredItem("r-case", 3));
        RankRequest request = request(list, event("big", EventType.CLICK), event("case", EventType.CLICK));
        // r-case = (0.1, 0.9): big = (10, 0) pulls it by 1.0, case = (0, 1) by 0.9; by direction case is far closer
        assertEquals(List.of(named(Because.VIEWED, "big")), reasons(EXPLAINER.explain(list, request, RULES,
                Catalog.EMPTY)));
        Explainer cosine = new Explainer(VOCABULARY, Optional.of(TABLE), 50, Explainer.Measure.COSINE);
        assertEquals(List.of(named(Because.VIEWED, "case")), reasons(cosine.explain(list, request, RULES,
                Catalog.EMPTY)));
    }

    @Test
    void shouldGiveComplementsTheCartedItemTrendingItsScopeAndPopularItemsTheirKind() {
        List<ScoredItem> list = List.of(new ScoredItem("c1", 0, Source.COMPLEMENT),
                new ScoredItem("t1", 0, Source.TRENDING), new ScoredItem("p1", 0, Source.POPULAR));
        RankRequest request = request(List.of(), event("phone", EventType.CLICK), event("case", EventType.CART));
        Catalog catalog = Catalog.of(List.of(new CatalogItem("t1", "shoes", true, null, null, Map.of(), false)));

        assertEquals(List.of(Reason.boughtWith("case"), Reason.trending(null), Reason.POPULAR),
                reasons(EXPLAINER.explain(list, request, RULES, catalog)), "no category filter: trending overall");
        RankingRules shoesOnly = RULES.withCategories(Set.of("shoes"));
        assertEquals(Reason.trending("shoes"), EXPLAINER.explain(list, request, shoesOnly, catalog).get(1).reason(),
                "a surface of one category draws from that category's trending");
    }

    @Test
    void shouldExplainEverySurfacesListInOrder() {
        List<ScoredItem> home = List.of(new ScoredItem("r-phone", 3), new ScoredItem("p1", 0, Source.POPULAR));
        List<ScoredItem> cart = List.of(new ScoredItem("r-case", 2));
        Map<String, List<ScoredItem>> lists = new LinkedHashMap<>();
        lists.put("home", home);
        lists.put("cart", cart);
        List<Surface> surfaces = new ArrayList<>();
        surfaces.add(new Surface("home", RULES));
        surfaces.add(new Surface("cart", RULES));
        RankRequest request = request(home, event("phone", EventType.CLICK), event("case", EventType.CLICK));

        Map<String, List<ScoredItem>> explained = EXPLAINER.explain(lists, request, surfaces, Catalog.EMPTY);

        assertEquals(List.of("home", "cart"), List.copyOf(explained.keySet()));
        assertEquals(List.of(named(Because.VIEWED, "phone"), Reason.POPULAR), reasons(explained.get("home")));
        assertEquals(List.of(named(Because.VIEWED, "case")), reasons(explained.get("cart")));
    }
}
