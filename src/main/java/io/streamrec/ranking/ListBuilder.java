package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One list being filled: each item once, only eligible items, at most {@code maxPerCategory} per category. Items
 * turned away by the category cap alone are held back, in the order met, and fill what is still missing at the
 * end: the cap never makes a list shorter than {@code topK} while eligible items exist.
 */
final class ListBuilder {
    private final int topK;
    private final int maxPerCategory;
    private final Eligibility eligibility;
    private final List<ScoredItem> list;
    private final Set<String> seen = new HashSet<>();
    private final Map<String, Integer> perCategory = new HashMap<>();
    private final Map<String, ScoredItem> heldBack = new LinkedHashMap<>();

    ListBuilder(int topK, int maxPerCategory, Eligibility eligibility) {
        this.topK = topK;
        this.maxPerCategory = maxPerCategory;
        this.eligibility = eligibility;
        this.list = new ArrayList<>(topK);
    }

    /** Adds the first acceptable item of {@code stream}; false when it has none left. */
    boolean takeFrom(Candidates.Stream stream) {
        for (ScoredItem next = stream.next(); next != null; next = stream.next()) {
            if (offer(next)) {
                return true;
            }
        }
        return false;
    }

    private boolean offer(ScoredItem candidate) {
        String item = candidate.item();
        if (!seen.add(item) || !eligibility.allows(item)) {
            return false;
        }
        String category = eligibility.category(item);
        if (maxPerCategory > 0 && category != null) {
            int count = perCategory.getOrDefault(category, 0);
            if (count >= maxPerCategory) {
                heldBack.put(item, candidate);
                return false;
            }
            perCategory.put(category, count + 1);
        }
        list.add(candidate);
        return true;
    }

    boolean full() {
        return list.size() >= topK;
    }

    /** The list, topped up from the held-back items if the sources ran dry. */
    List<ScoredItem> finish() {
        for (ScoredItem held : heldBack.values()) {
            if (full()) {
                break;
            }
            list.add(held);
        }
        return List.copyOf(list);
    }
}
