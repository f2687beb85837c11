package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import java.util.List;

/**
 * One refreshed list for a user, as written to the compacted {@code recommendations} topic.
 *
 * @param model       version of the model that ranked it
 * @param generatedAt wall-clock epoch ms when it was produced
 * @param eventTs     timestamp of the newest event it reflects
 * @param seq         per-user counter (1, 2, ...): a consumer drops a list whose seq is not above the last one seen
 * @param coldStart   true when the user had no item the model knows, so the list is popular items
 */
public record Recommendation(String user, List<ScoredItem> items, String model, long generatedAt,
                             long eventTs, long seq, boolean coldStart) {
    public Recommendation {
        items = List.copyOf(items);
    }
}
