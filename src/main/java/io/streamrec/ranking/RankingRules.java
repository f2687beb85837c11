package io.streamrec.ranking;

/**
 * Business rules applied to the model's candidates.
 *
 * @param topK                 how many items a recommendation list holds
 * @param excludeLastEventItem drop the item of the user's newest event (no "you just looked at this")
 */
public record RankingRules(int topK, boolean excludeLastEventItem) {
    public RankingRules {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
    }
}
