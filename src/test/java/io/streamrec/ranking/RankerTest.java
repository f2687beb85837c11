package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankerTest {
    private static final List<String> POPULAR = List.of("pop1", "pop2", "pop3", "pop4");

    @Test
    void shouldKeepTheBestTopKModelCandidatesInOrder() {
        Ranker ranker = new Ranker(new RankingRules(2, false), POPULAR);
        List<ScoredItem> ranked = ranker.rank(candidates("a", "b", "c"), Set.of(), null);
        assertEquals(List.of("a", "b"), ids(ranked));
        assertEquals(3.0, ranked.get(0).score());
    }

    @Test
    void shouldNeverRecommendPurchasedItems() {
        Ranker ranker = new Ranker(new RankingRules(3, false), POPULAR);
        assertEquals(List.of("b", "pop1", "pop3"),
                ids(ranker.rank(candidates("a", "b"), Set.of("a", "pop2"), null)));
    }

    @Test
    void shouldDropTheLastEventItemOnlyWhenConfigured() {
        assertEquals(List.of("b", "c"),
                ids(new Ranker(new RankingRules(2, true), POPULAR).rank(candidates("a", "b", "c"), Set.of(), "a")));
        assertEquals(List.of("a", "b"),
                ids(new Ranker(new RankingRules(2, false), POPULAR).rank(candidates("a", "b", "c"), Set.of(), "a")));
    }

    @Test
    void shouldGiveAColdStartUserPopularItemsMinusPurchases() {
        Ranker ranker = new Ranker(new RankingRules(3, true), POPULAR);
        List<ScoredItem> ranked = ranker.rank(List.of(), Set.of("pop1"), "pop3");
        assertEquals(List.of("pop2", "pop4"), ids(ranked));
        assertEquals(0.0, ranked.get(0).score());
    }

    @Test
    void shouldNotRepeatAnItemAlsoInThePopularFill() {
        Ranker ranker = new Ranker(new RankingRules(3, false), POPULAR);
        assertEquals(List.of("pop2", "pop1", "pop3"), ids(ranker.rank(candidates("pop2"), Set.of(), null)));
    }

    private static List<ScoredItem> candidates(String... ids) {
        return java.util.stream.IntStream.range(0, ids.length)
                .mapToObj(i -> new ScoredItem(ids[i], ids.length - i)).toList();
    }

    private static List<String> ids(List<ScoredItem> items) {
        return items.stream().map(ScoredItem::item).toList();
    }
}
