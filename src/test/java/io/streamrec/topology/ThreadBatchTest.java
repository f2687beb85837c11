package io.streamrec.topology;

import static io.streamrec.TestModels.clicks;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.TestModels;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.SessionState;
import io.streamrec.variants.VariantSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThreadBatchTest {
    private static SessionModel model;
    private static SessionModel otherModel;
    private PipelineMetrics metrics;
    private BatchScorer scorer;
    private ThreadBatch batch;

    @BeforeAll
    static void load() {
        model = TestModels.demoModel();
        otherModel = TestModels.demoModel();
    }

    @AfterAll
    static void close() {
        model.close();
        otherModel.close();
    }

    @BeforeEach
    void newBatch() {
        metrics = new PipelineMetrics();
        scorer = new BatchScorer(32, true, metrics);
        batch = new ThreadBatch(System::nanoTime);
    }

    /** A task's owed sessions, all for {@code model}. */
    private static final class Task implements ThreadBatch.Member {
        final List<SessionState> owed = new ArrayList<>();

        @Override
        public List<SessionState> owed(SessionModel m, VariantSnapshot variants) {
            return m == model ? owed : List.of();
        }
    }

    @Test
    void shouldScoreEveryTasksOwedSessionsInTheFirstTasksCall() {
        Task a = task(clicks("sku-719"), clicks("sku-188", "sku-719"));
        Task b = task(clicks("sku-188"));
        Task c = task(clicks("not-in-the-model"), clicks("sku-719", "sku-188"));

        List<BatchScorer.Scored> first = batch.score(a, scorer, model, a.owed, null, 0);
        assertEquals(1, metrics.inferenceCalls());
        assertEquals(4, metrics.inferenceRows(), "a's two sessions, b's and c's known one");

        List<BatchScorer.Scored> second = batch.score(b, scorer, model, b.owed, null, 0);
        List<BatchScorer.Scored> third = batch.score(c, scorer, model, c.owed, null, 0);
        assertEquals(1, metrics.inferenceCalls(), "b and c take what a's call scored for them");

        assertSameAsAlone(a.owed.get(1), first.get(1));
        assertSameAsAlone(b.owed.get(0), second.get(0));
        assertTrue(third.get(0).coldStart());
        assertSameAsAlone(c.owed.get(1), third.get(1));
    }

    @Test
    void shouldRescoreASessionThatANewerEventReplaced() {
        Task a = task(clicks("sku-719"));
        Task b = task(clicks("sku-188"));
        batch.score(a, scorer, model, a.owed, null, 0);

        b.owed.set(0, clicks("sku-188", "sku-719"));
        List<BatchScorer.Scored> scored = batch.score(b, scorer, model, b.owed, null, 0);

        assertEquals(2, metrics.inferenceCalls(), "the kept result was for the session b no longer holds");
        assertSameAsAlone(b.owed.get(0), scored.get(0));
    }

    @Test
    void shouldNotHandAResultScoredWithAnotherModel() {
        Task a = task(clicks("sku-719"));
        Task b = task(clicks("sku-188"));
        batch.score(a, scorer, model, a.owed, null, 0);

        batch.score(b, scorer, otherModel, b.owed, null, 0);

        assertEquals(2, metrics.inferenceCalls(), "b's variant moved to another model since a's call");
    }

    @Test
    void shouldLeaveOutATaskThatLeft() {
        Task a = task(clicks("sku-719"));
        Task b = task(clicks("sku-188"));
        batch.leave(b);

        batch.score(a, scorer, model, a.owed, null, 0);

        assertEquals(1, metrics.inferenceRows());
    }

    @Test
    void shouldBeginARoundAfterTheDelayOrAfterTheLastCallIfItTookLonger() {
        Task a = task(clicks("sku-719"));
        Task b = task(clicks("sku-188"));
        assertTrue(batch.roundDue(1_000, 5), "the first round is due at once");

        batch.score(a, scorer, model, a.owed, null, 1_000);

        assertFalse(batch.roundDue(1_004, 5));
        assertTrue(batch.roundDue(1_005, 5));
        assertTrue(batch.claimScoredFor(b), "b's owed user was scored in a's round");
        assertFalse(batch.claimScoredFor(b), "asked once");
        assertFalse(batch.claimScoredFor(a));
        assertTrue(batch.isKept(b.owed.get(0)));
    }

    @Test
    void shouldWaitForAsLongAsTheLastModelCallTook() {
        long[] nanos = {0};
        ThreadBatch slow = new ThreadBatch(() -> nanos[0] += 15_000_000);  // each reading 15 ms on: a 15 ms call
        Task a = new Task();
        a.owed.add(clicks("sku-719"));
        slow.join(a);

        slow.score(a, scorer, model, a.owed, null, 1_000);

        assertFalse(slow.roundDue(1_029, 5), "the call took 15 ms: the next batch fills for twice as long");
        assertTrue(slow.roundDue(1_030, 5));
    }

    private Task task(SessionState... owed) {
        Task t = new Task();
        t.owed.addAll(List.of(owed));
        batch.join(t);
        return t;
    }

    private static void assertSameAsAlone(SessionState session, BatchScorer.Scored scored) {
        BatchScorer.Scored alone = new BatchScorer(1, true, new PipelineMetrics()).score(model, List.of(session)).get(0);
        assertEquals(alone.candidates().stream().map(ScoredItem::item).toList(),
                scored.candidates().stream().map(ScoredItem::item).toList());
        assertArrayEquals(alone.vector(), scored.vector(), 1e-5f);
    }
}
