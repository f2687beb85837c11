package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns model candidates into the list a shopper sees: drops purchased items (and, if configured, the item just
 * interacted with), removes duplicates, keeps the best {@code topK}, and fills any shortfall from the popular items.
 * A user with no candidates at all (cold start) gets the popular items under the same filters.
 */
public final class Ranker {
    private final RankingRules rules;
    private final List<String> popular;

    public Ranker(RankingRules rules, List<String> popular) {
        this.rules = rules;
        this.popular = List.copyOf(popular);
    }

    /**
     * @param candidates  model output, best first
     * @param purchased   items the user bought
     * @param lastItem    item of the user's newest event, or null
     */
    public List<ScoredItem> rank(List<ScoredItem> candidates, Set<String> purchased, String lastItem) {
        Set<String> excluded = new HashSet<>(purchased);
        if (rules.excludeLastEventItem() && lastItem != null) {
            excluded.add(lastItem);
        }
        List<ScoredItem> result = new ArrayList<>(rules.topK());
        for (ScoredItem candidate : candidates) {
            if (result.size() == rules.topK()) {
                return result;
            }
            if (excluded.add(candidate.item())) {
                result.add(candidate);
            }
        }
        for (String item : popular) {
            if (result.size() == rules.topK()) {
                break;
            }
            if (excluded.add(item)) {
                result.add(new ScoredItem(item, 0.0));
            }
        }
        return result;
    }
}
