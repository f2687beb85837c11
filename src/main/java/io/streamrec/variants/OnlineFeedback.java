package io.streamrec.variants;

import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Online feedback per variant: for each event, where its item stood in the list the user was last sent (hit at K,
 * rank for MRR and NDCG), counted per (variant, model version, event type), so clicks, carts and purchases
 * (conversion) are figures of their own.
 *
 * <p><b>Bias guard.</b> Lists often contain items the user already knows: the item just viewed (unless the ranking
 * excludes it), items from earlier in the session the model echoes back. Users return to such items whatever the
 * list says, so counting those events would credit the list, and most the variant that echoes history the most.
 * Every event is therefore counted twice: under {@link Population#ALL}, and, only when its item is one the user had
 * not interacted with at or before the list's {@code basisTs} (the newest event the list reflects), under
 * {@link Population#NEW_ITEM}. NEW_ITEM is the figure to compare variants by; ALL is kept to show the gap. Events on
 * items first touched after the list (a click on a recommended item, then its cart and purchase) count as new, so
 * the funnel of a recommendation is credited to it. The history is what the user's session still holds (its last
 * interactions), so an item seen long ago and forgotten counts as new.
 *
 * <p>An event stamped at or before the list's {@code basisTs} cannot be a response to it (the list did not exist
 * yet): it is not counted, only tallied in {@link FeedbackSnapshot#notAfterList()}.
 *
 * <p>Thread-safe (one short lock per event); {@link #snapshot()} and {@link #snapshotAndReset()} for export.
 */
public final class OnlineFeedback {
    /** Ranks tracked one by one; a hit below counts towards the hit rate over the whole list only. */
    public static final int DEFAULT_MAX_RANK = 100;

    private final int maxRank;
    private Map<FeedbackKey, long[]> counts = new HashMap<>();
    private Map<String, Long> notAfterList = new HashMap<>();

    public OnlineFeedback() {
        this(DEFAULT_MAX_RANK);
    }

    public OnlineFeedback(int maxRank) {
        if (maxRank < 1) {
            throw new IllegalArgumentException("maxRank must be at least 1, got " + maxRank);
        }
        this.maxRank = maxRank;
    }

    /**
     * Counts one event against the list the user was last sent.
     *
     * @param shown   the list the user was last sent (the caller skips users who were sent none)
     * @param type    the event's type
     * @param item    the event's item
     * @param eventTs the event's timestamp
     * @param history the user's interactions (before or after applying this event: only those at or before
     *                {@code shown.basisTs()} are read)
     * @return the item's rank in the list (1 is the top), 0 when it was not in the list, -1 when the event was not
     *         after the list and so not counted
     */
    public int record(ShownList shown, EventType type, String item, long eventTs, Iterable<Interaction> history) {
        return record(shown, type, item, eventTs, newToUser(shown, item, history));
    }

    /** As {@link #record(ShownList, EventType, String, long, Iterable)}, with {@link #newToUser} already known. */
    public int record(ShownList shown, EventType type, String item, long eventTs, boolean newItem) {
        if (eventTs <= shown.basisTs()) {
            synchronized (this) {
                notAfterList.merge(shown.variant(), 1L, Long::sum);
            }
            return -1;
        }
        int rank = shown.items().indexOf(item) + 1;
        synchronized (this) {
            count(new FeedbackKey(shown.variant(), shown.version(), type, Population.ALL), rank);
            if (newItem) {
                count(new FeedbackKey(shown.variant(), shown.version(), type, Population.NEW_ITEM), rank);
            }
        }
        return rank;
    }

    /** Whether the user had not interacted with {@code item} at or before the list's basis: {@link Population#NEW_ITEM}. */
    public static boolean newToUser(ShownList shown, String item, Iterable<Interaction> history) {
        for (Interaction interaction : history) {
            if (interaction.ts() <= shown.basisTs() && interaction.item().equals(item)) {
                return false;
            }
        }
        return true;
    }

    /** Everything counted so far. */
    public synchronized FeedbackSnapshot snapshot() {
        return freeze(counts, notAfterList);
    }

    /** Everything counted since the last reset, and a fresh start (for per-window summaries). */
    public synchronized FeedbackSnapshot snapshotAndReset() {
        FeedbackSnapshot snapshot = freeze(counts, notAfterList);
        counts = new HashMap<>();
        notAfterList = new HashMap<>();
        return snapshot;
    }

    /** Layout of a counts array: [events, hits beyond maxRank, hits at rank 1, ..., hits at rank maxRank]. */
    private void count(FeedbackKey key, int rank) {
        long[] c = counts.computeIfAbsent(key, k -> new long[2 + maxRank]);
        c[0]++;
        if (rank > maxRank) {
            c[1]++;
        } else if (rank > 0) {
            c[1 + rank]++;
        }
    }

    private FeedbackSnapshot freeze(Map<FeedbackKey, long[]> live, Map<String, Long> skipped) {
        Map<FeedbackKey, RankCounts> frozen = new HashMap<>();
        live.forEach((key, c) -> frozen.put(key, new RankCounts(c[0], Arrays.copyOfRange(c, 2, c.length),
                c[1])));
        return new FeedbackSnapshot(frozen, skipped);
    }
}
