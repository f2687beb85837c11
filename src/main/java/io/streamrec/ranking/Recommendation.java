package io.streamrec.ranking;

import io.streamrec.scoring.ScoredItem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One refreshed list for a user, as written to the compacted {@code recommendations} topic.
 *
 * @param items       the list (with surfaces configured: the first surface's)
 * @param model       version of the model that ranked it
 * @param generatedAt wall-clock epoch ms when it was produced
 * @param eventTs     timestamp of the newest event it reflects
 * @param seq         per-user counter (1, 2, ...): a consumer drops a list whose seq is not above the last one seen
 * @param coldStart   true when the user had no item the model knows, so the list is trending and popular items
 * @param surfaces    one list per configured surface, by name, in order (empty without configured surfaces)
 * @param variant     the A/B variant that served it ({@code default}: the model the instance started with)
 */
public record Recommendation(String user, List<ScoredItem> items, String model, long generatedAt,
                             long eventTs, long seq, boolean coldStart, Map<String, List<ScoredItem>> surfaces,
                             String variant) {
    public static final String DEFAULT_VARIANT = "default";

    public Recommendation {
        items = List.copyOf(items);
        Map<String, List<ScoredItem>> copy = new LinkedHashMap<>();
        surfaces.forEach((name, list) -> copy.put(name, List.copyOf(list)));
        surfaces = Collections.unmodifiableMap(copy);
        variant = variant == null ? DEFAULT_VARIANT : variant;
    }

    /** A list of the default variant. */
    public Recommendation(String user, List<ScoredItem> items, String model, long generatedAt,
                          long eventTs, long seq, boolean coldStart, Map<String, List<ScoredItem>> surfaces) {
        this(user, items, model, generatedAt, eventTs, seq, coldStart, surfaces, DEFAULT_VARIANT);
    }

    /** A list without surfaces. */
    public Recommendation(String user, List<ScoredItem> items, String model, long generatedAt,
                          long eventTs, long seq, boolean coldStart) {
        this(user, items, model, generatedAt, eventTs, seq, coldStart, Map.of());
    }
}
