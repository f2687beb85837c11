package io.streamrec.variants;

import static io.streamrec.events.EventType.CART;
import static io.streamrec.events.EventType.CLICK;
import static io.streamrec.events.EventType.PURCHASE;
import static io.streamrec.variants.Population.ALL;
import static io.streamrec.variants.Population.NEW_ITEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hit rate, MRR and NDCG per variant from live events, counted honestly. */
class OnlineFeedbackTest {
    private static final long SENT = 1_000;
    private static final ShownList LIST = new ShownList("A", "v1", List.of("a", "b", "c", "d"), SENT);
    private static final List<Interaction> NO_HISTORY = List.of();

    @Test
    void shouldRecordWhereTheEventsItemStoodInTheList() {
        OnlineFeedback feedback = new OnlineFeedback();
        assertEquals(2, feedback.record(LIST, CLICK, "b", SENT + 1, NO_HISTORY));
        assertEquals(0, feedback.record(LIST, CLICK, "z", SENT + 2, NO_HISTORY));
        assertEquals(1, feedback.record(LIST, CLICK, "a", SENT + 3, NO_HISTORY));

        RankCounts clicks = feedback.snapshot().get(new FeedbackKey("A", "v1", CLICK, ALL));
        assertEquals(3, clicks.events());
        assertEquals(2, clicks.hits());
        assertEquals(1 / 3.0, clicks.hitRate(1), 1e-12);
        assertEquals(2 / 3.0, clicks.hitRate(2), 1e-12);
        assertEquals((1 + 0.5) / 3, clicks.mrr(10), 1e-12);
        assertEquals(1 / 3.0, clicks.mrr(1), 1e-12, "MRR@1 ignores rank 2");
        assertEquals((1 + 1 / log2(3)) / 3, clicks.ndcg(10), 1e-12);
        assertEquals(clicks, feedback.snapshot().get(new FeedbackKey("A", "v1", CLICK, NEW_ITEM)),
                "no history: every item is new");
    }

    @Test
    void shouldKeepClicksCartsAndPurchasesApartPerVariantAndVersion() {
        OnlineFeedback feedback = new OnlineFeedback();
        ShownList fromB = new ShownList("B", "popular", List.of("x", "y"), SENT);
        ShownList fromA2 = new ShownList("A", "v2", List.of("c"), SENT);
        feedback.record(LIST, CLICK, "c", SENT + 1, NO_HISTORY);
        feedback.record(LIST, CART, "c", SENT + 2, NO_HISTORY);
        feedback.record(LIST, PURCHASE, "z", SENT + 3, NO_HISTORY);
        feedback.record(fromB, PURCHASE, "y", SENT + 1, NO_HISTORY);
        feedback.record(fromA2, PURCHASE, "c", SENT + 1, NO_HISTORY);

        FeedbackSnapshot snapshot = feedback.snapshot();
        assertEquals(1.0, snapshot.get(new FeedbackKey("A", "v1", CLICK, ALL)).hitRate(3));
        assertEquals(1.0, snapshot.get(new FeedbackKey("A", "v1", CART, ALL)).hitRate(3));
        assertEquals(0.0, snapshot.get(new FeedbackKey("A", "v1", PURCHASE, ALL)).hitRate());
        assertEquals(1.0, snapshot.get(new FeedbackKey("A", "v2", PURCHASE, ALL)).hitRate(1));
        assertEquals(0.5, snapshot.get(new FeedbackKey("B", "popular", PURCHASE, ALL)).mrr(2), 1e-12);
        RankCounts conversions = snapshot.variant("A", PURCHASE, ALL);
        assertEquals(2, conversions.events(), "versions of A added");
        assertEquals(0.5, conversions.hitRate(), 1e-12);
        assertEquals(conversions, snapshot.byVariant().get(new FeedbackKey("A", "*", PURCHASE, ALL)));
        assertNull(snapshot.variant("B", CLICK, ALL));
        assertEquals(10, snapshot.counts().size(), "5 (variant, version, type) x 2 populations");
    }

    @Test
    void shouldNotCreditTheListForItemsTheUserHadAlreadyInteractedWith() {
        OnlineFeedback feedback = new OnlineFeedback();
        // The list shows "a", the item the user viewed last before it was computed, and "b", one seen earlier.
        List<Interaction> history = List.of(new Interaction("b", CLICK, SENT - 500),
                new Interaction("a", CLICK, SENT));
        assertEquals(1, feedback.record(LIST, CLICK, "a", SENT + 10, history));
        assertEquals(2, feedback.record(LIST, CLICK, "b", SENT + 20, history));
        assertEquals(3, feedback.record(LIST, CLICK, "c", SENT + 30, history));
        assertEquals(0, feedback.record(LIST, CLICK, "q", SENT + 40, history));

        FeedbackSnapshot snapshot = feedback.snapshot();
        RankCounts all = snapshot.get(new FeedbackKey("A", "v1", CLICK, ALL));
        RankCounts fresh = snapshot.get(new FeedbackKey("A", "v1", CLICK, NEW_ITEM));
        assertEquals(4, all.events());
        assertEquals(0.75, all.hitRate(), 1e-12, "the echo of the history inflates ALL");
        assertEquals(2, fresh.events(), "only c and q were new to the user");
        assertEquals(0.5, fresh.hitRate(), 1e-12);
        assertEquals(0, fresh.hits(2), "nothing credited at the ranks the history took");
    }

    @Test
    void shouldCreditTheFunnelOfAnItemFirstTouchedAfterTheList() {
        OnlineFeedback feedback = new OnlineFeedback();
        List<Interaction> history = new ArrayList<>(List.of(new Interaction("a", CLICK, SENT)));
        feedback.record(LIST, CLICK, "c", SENT + 1, history);
        history.add(new Interaction("c", CLICK, SENT + 1));
        feedback.record(LIST, CART, "c", SENT + 2, history);
        history.add(new Interaction("c", CART, SENT + 2));
        feedback.record(LIST, PURCHASE, "c", SENT + 3, history);

        FeedbackSnapshot snapshot = feedback.snapshot();
        for (EventType type : EventType.values()) {
            assertEquals(1.0, snapshot.get(new FeedbackKey("A", "v1", type, NEW_ITEM)).hitRate(3), type.toString());
        }
    }

    @Test
    void shouldNotCountEventsThatAreNotAfterTheList() {
        OnlineFeedback feedback = new OnlineFeedback();
        assertEquals(-1, feedback.record(LIST, CLICK, "a", SENT, NO_HISTORY));
        assertEquals(-1, feedback.record(LIST, PURCHASE, "b", SENT - 5, NO_HISTORY));
        FeedbackSnapshot snapshot = feedback.snapshot();
        assertEquals(Map.of(), snapshot.counts());
        assertEquals(Map.of("A", 2L), snapshot.notAfterList());
    }

    @Test
    void shouldTrackRanksUpToItsDepthAndHitsBelowIt() {
        OnlineFeedback feedback = new OnlineFeedback(2);
        feedback.record(LIST, CLICK, "d", SENT + 1, NO_HISTORY);
        feedback.record(LIST, CLICK, "b", SENT + 2, NO_HISTORY);
        RankCounts counts = feedback.snapshot().get(new FeedbackKey("A", "v1", CLICK, ALL));
        assertEquals(2, counts.maxRank());
        assertEquals(2, counts.hits(), "rank 4 is still a hit in the list");
        assertEquals(1, counts.hits(10), "but not at a rank tracked");
        assertEquals(1, counts.hitsAt(2));
        assertEquals(0.25, counts.mrr(10), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new OnlineFeedback(0));
    }

    @Test
    void shouldMergeSnapshotsAsIfOneAccumulatorHadSeenEverything() {
        OnlineFeedback both = new OnlineFeedback();
        OnlineFeedback first = new OnlineFeedback();
        OnlineFeedback second = new OnlineFeedback();
        List<Interaction> history = List.of(new Interaction("a", CLICK, SENT));
        String[] items = {"a", "b", "c", "z", "d"};
        for (int i = 0; i < 50; i++) {
            EventType type = EventType.values()[i % 3];
            OnlineFeedback half = i % 2 == 0 ? first : second;
            long ts = i % 7 == 0 ? SENT : SENT + i;
            both.record(LIST, type, items[i % items.length], ts, history);
            half.record(LIST, type, items[i % items.length], ts, history);
        }
        assertEquals(both.snapshot(), first.snapshot().merge(second.snapshot()));
        assertEquals(both.snapshot(), FeedbackSnapshot.empty().merge(both.snapshot()));

        FeedbackSnapshot window = first.snapshotAndReset();
        assertEquals(FeedbackSnapshot.empty(), first.snapshot(), "a new window starts empty");
        assertEquals(both.snapshot(), window.merge(second.snapshot()));
    }

    @Test
    void shouldMergeCountsOfDifferentDepths() {
        RankCounts deep = new RankCounts(10, new long[] {1, 2, 3}, 1);
        RankCounts shallow = new RankCounts(5, new long[] {4}, 2);
        RankCounts merged = deep.merge(shallow);
        assertEquals(merged, shallow.merge(deep));
        assertEquals(new RankCounts(15, new long[] {5, 2, 3}, 3), merged);
        assertEquals(13, merged.hits());
        assertEquals(0, RankCounts.empty(5).hitRate());
        assertEquals(0, RankCounts.empty(5).ndcg(5));
    }

    @Test
    void shouldCountEveryEventFromConcurrentStreamThreads() throws Exception {
        OnlineFeedback feedback = new OnlineFeedback();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            threads.add(pool.submit(() -> {
                for (int i = 0; i < 10_000; i++) {
                    feedback.record(LIST, CLICK, i % 2 == 0 ? "a" : "z", SENT + 1 + i, NO_HISTORY);
                }
            }));
        }
        for (Future<?> thread : threads) {
            thread.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        RankCounts counts = feedback.snapshot().get(new FeedbackKey("A", "v1", CLICK, ALL));
        assertEquals(40_000, counts.events());
        assertEquals(20_000, counts.hits(1));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
