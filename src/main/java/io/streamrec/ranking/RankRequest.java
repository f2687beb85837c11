package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.util.List;
import java.util.Set;

/**
 * What the ranker needs about one user for one refresh.
 *
 * @param candidates   the model's candidates, best first (empty when cold)
 * @param coldStart    the model knew none of the user's items: the list starts from trending, then popular
 * @param interactions the user's recent interactions, oldest first (the newest decides the cart rule)
 * @param purchased    items the user bought: never recommended
 * @param category     a per-request category filter, or null (narrows a surface's own filter)
 */
public record RankRequest(List<ScoredItem> candidates, boolean coldStart, List<Interaction> interactions,
                          Set<String> purchased, String category) {
    public RankRequest {
        candidates = List.copyOf(candidates);
        interactions = List.copyOf(interactions);
        purchased = Set.copyOf(purchased);
    }

    /** The request for a scored session (what the topology has per user and flush). */
    public static RankRequest of(List<ScoredItem> candidates, boolean coldStart, SessionState session) {
        return new RankRequest(candidates, coldStart, session.interactions(), session.purchased(), null);
    }

    public RankRequest withCategory(String only) {
        return new RankRequest(candidates, coldStart, interactions, purchased, only);
    }

    /** The newest interaction, or null. */
    public Interaction last() {
        return interactions.isEmpty() ? null : interactions.get(interactions.size() - 1);
    }
}
