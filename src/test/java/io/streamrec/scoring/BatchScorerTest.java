package io.streamrec.scoring;

import static io.streamrec.TestModels.clicks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.session.SessionState;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchScorerTest {
    private static SessionModel model;

    @BeforeAll
    static void load() {
        model = TestModels.demoModel();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void shouldScoreKnownSessionsInBatchesAndLeaveUnknownOnesCold() {
        PipelineMetrics metrics = new PipelineMetrics();
        BatchScorer scorer = new BatchScorer(2, true, metrics);
        List<SessionState> sessions = List.of(clicks("sku-719"), clicks("not-in-the-model"), clicks("sku-188"),
                clicks("sku-719", "sku-188"));

        List<BatchScorer.Scored> scored = scorer.score(model, sessions);

        assertEquals(4, scored.size());
        assertTrue(scored.get(1).coldStart());
        assertTrue(scored.get(1).candidates().isEmpty());
        for (int i : new int[] {0, 2, 3}) {
            assertFalse(scored.get(i).coldStart());
            assertEquals(model.manifest().k(), scored.get(i).candidates().size());
        }
        assertEquals(2, metrics.inferenceCalls(), "3 known sessions in batches of 2");
        assertEquals(3, metrics.inferenceRows());
    }

    @Test
    void shouldGiveEachSessionItsOwnRowWhateverItsPlaceInTheBatch() {
        BatchScorer alone = new BatchScorer(8, true, new PipelineMetrics());
        BatchScorer together = new BatchScorer(8, true, new PipelineMetrics());

        BatchScorer.Scored single = alone.score(model, List.of(clicks("sku-188"))).get(0);
        BatchScorer.Scored third = together.score(model,
                List.of(clicks("sku-719"), clicks("nope"), clicks("sku-188"))).get(2);

        assertEquals(single.candidates().stream().map(ScoredItem::item).toList(),
                third.candidates().stream().map(ScoredItem::item).toList());
        assertArrayEquals(single.vector(), third.vector(), 1e-5f);
    }

    @Test
    void shouldLeaveEverySessionColdWhenInferenceIsOff() {
        PipelineMetrics metrics = new PipelineMetrics();

        List<BatchScorer.Scored> scored = new BatchScorer(8, false, metrics).score(model, List.of(clicks("sku-719")));

        assertTrue(scored.get(0).coldStart());
        assertEquals(0, metrics.inferenceCalls());
    }
}
