package io.streamrec.tools.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.catalog.CatalogItem;
import io.streamrec.ranking.Recommendation;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.ScoredItem.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogWatchTest {
    private final CatalogWatch watch = new CatalogWatch();

    @Test
    void shouldCountListsHoldingASoldOutItemMoreThanASecondAfterTheAcknowledgement() {
        watch.sent(CatalogItem.of("sku-4", "phones", false), 9_990).at(10_000);

        watch.onList(list("u1", 9_999, item("sku-4")));            // before the sell-out was acknowledged
        watch.onList(list("u2", 10_900, item("sku-4")));           // within the grace second
        watch.onList(list("u3", 11_001, item("sku-9")));           // without it
        watch.onList(list("u4", 11_001, item("sku-4"), item("sku-9")));
        watch.onList(new Recommendation("u5", List.of(item("sku-9")), "m", 11_500, 0, 1, false,
                Map.of("home", List.of(item("sku-9")), "cart", List.of(item("sku-4")))));
        watch.sent(CatalogItem.of("sku-4", "phones", true), 12_000).at(12_010);
        watch.onList(list("u6", 12_001, item("sku-4")));           // back in stock

        assertEquals(2, watch.unavailableRecommended());
        assertEquals(1, watch.soldOut());
    }

    @Test
    void shouldReportWhenASoldOutItemWasLastListed() {
        watch.sent(CatalogItem.of("sku-4", "phones", false), 9_990).at(10_000);
        watch.onList(list("u1", 10_250, item("sku-4")));

        assertEquals(List.of(), watch.news(10_900));
        assertEquals(List.of("sku-4 sold out: last listed 250 ms after the sell-out was acknowledged"),
                watch.news(11_100));
        assertEquals(List.of(), watch.news(11_200));
    }

    @Test
    void shouldSeeALaunchOnlyWhenAListHoldsItAsTrending() {
        CatalogItem launch = new CatalogItem("new-1", "tents", true, 9.99, 20_000L, Map.of(), false);
        watch.sent(launch, 20_000).at(20_005);

        watch.onList(list("u1", 20_500, new ScoredItem("new-1", 0, Source.POPULAR)));
        assertEquals(0, watch.launchedViaTrending());
        watch.onList(list("u2", 21_505, new ScoredItem("new-1", 0, Source.TRENDING)));

        assertEquals(1, watch.launchedViaTrending());
        assertEquals(1, watch.launched());
        List<String> news = watch.news(21_600);
        assertTrue(news.contains("new-1 in u2's list via trending, 1.5 s after its launch"), news.toString());
    }

    private static ScoredItem item(String id) {
        return new ScoredItem(id, 1.0);
    }

    private static Recommendation list(String user, long generatedAt, ScoredItem... items) {
        return new Recommendation(user, List.of(items), "m", generatedAt, generatedAt - 10, 1, false);
    }
}
