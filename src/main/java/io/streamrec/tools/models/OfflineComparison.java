package io.streamrec.tools.models;

import io.streamrec.events.Event;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.SessionBounds;
import io.streamrec.session.SessionState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two exported models on the same held-out events, as the app serves them: each user's last event is the target,
 * the events before it (up to the model's max length) the input, scored through {@link BatchScorer} with ONNX Runtime.
 * A model that does not know the target, or the user's items, misses. HR@10 and NDCG@10 over the users with at least
 * two events.
 */
public final class OfflineComparison {
    /** HR@10 and NDCG@10 of one model over {@code users} held-out events. */
    public record Metrics(String version, int users, double hr10, double ndcg10) {
    }

    private static final int K = 10;

    private final List<SessionState> inputs = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    /** @param events the events, any order; each user's are ordered by timestamp here */
    public OfflineComparison(List<Event> events, int maxLen) {
        Map<String, List<Event>> byUser = new HashMap<>();
        for (Event event : events) {
            byUser.computeIfAbsent(event.user(), u -> new ArrayList<>()).add(event);
        }
        SessionBounds bounds = new SessionBounds(maxLen, 1_000, 1);
        for (List<Event> history : byUser.values()) {
            if (history.size() < 2) {
                continue;
            }
            history.sort(Comparator.comparingLong(Event::ts));
            SessionState state = new SessionState();
            for (Event event : history.subList(0, history.size() - 1)) {
                state.record(new io.streamrec.session.Interaction(event.item(), event.type(), event.ts()),
                        bounds.maxLen(), bounds.maxPurchased());
            }
            inputs.add(state);
            targets.add(history.get(history.size() - 1).item());
        }
    }

    public int users() {
        return targets.size();
    }

    public Metrics evaluate(SessionModel model) {
        BatchScorer scorer = new BatchScorer(256, true, new PipelineMetrics());
        double hits = 0;
        double dcg = 0;
        for (int from = 0; from < inputs.size(); from += 256) {
            List<SessionState> batch = inputs.subList(from, Math.min(inputs.size(), from + 256));
            List<BatchScorer.Scored> scored = scorer.score(model, batch);
            for (int i = 0; i < batch.size(); i++) {
                List<ScoredItem> top = scored.get(i).candidates();
                String target = targets.get(from + i);
                for (int rank = 0; rank < Math.min(K, top.size()); rank++) {
                    if (top.get(rank).item().equals(target)) {
                        hits++;
                        dcg += 1 / (Math.log(rank + 2) / Math.log(2));
                        break;
                    }
                }
            }
        }
        int n = Math.max(1, users());
        return new Metrics(model.version(), users(), hits / n, dcg / n);
    }
}
