package io.streamrec.variants;

import io.streamrec.events.EventType;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Feedback counted over some time: rank counts per (variant, version, event type, population), and per variant the
 * events skipped because they were not after the list ({@link OnlineFeedback}). Immutable; merge snapshots to add
 * windows or instances.
 */
public final class FeedbackSnapshot {
    private static final java.util.Comparator<FeedbackKey> ORDER = java.util.Comparator
            .comparing(FeedbackKey::variant).thenComparing(FeedbackKey::version)
            .thenComparing(FeedbackKey::type).thenComparing(FeedbackKey::population);

    private final Map<FeedbackKey, RankCounts> counts;
    private final Map<String, Long> notAfterList;

    public FeedbackSnapshot(Map<FeedbackKey, RankCounts> counts, Map<String, Long> notAfterList) {
        Map<FeedbackKey, RankCounts> sorted = new TreeMap<>(ORDER);
        sorted.putAll(counts);
        this.counts = Collections.unmodifiableMap(sorted);
        this.notAfterList = Collections.unmodifiableMap(new TreeMap<>(notAfterList));
    }

    public static FeedbackSnapshot empty() {
        return new FeedbackSnapshot(Map.of(), Map.of());
    }

    /** Every set of counts, ordered by variant, version, type, population. */
    public Map<FeedbackKey, RankCounts> counts() {
        return counts;
    }

    /** The counts for one key, or null when nothing was counted under it. */
    public RankCounts get(FeedbackKey key) {
        return counts.get(key);
    }

    /** One variant's counts for an event type and population, all its versions added (null when none). */
    public RankCounts variant(String variant, EventType type, Population population) {
        RankCounts sum = null;
        for (Map.Entry<FeedbackKey, RankCounts> e : counts.entrySet()) {
            FeedbackKey key = e.getKey();
            if (key.variant().equals(variant) && key.type() == type && key.population() == population) {
                sum = sum == null ? e.getValue() : sum.merge(e.getValue());
            }
        }
        return sum;
    }

    /** Events skipped because they were not after the list they were matched with, by variant. */
    public Map<String, Long> notAfterList() {
        return notAfterList;
    }

    /** Both snapshots' counts added. */
    public FeedbackSnapshot merge(FeedbackSnapshot other) {
        Map<FeedbackKey, RankCounts> merged = new TreeMap<>(ORDER);
        merged.putAll(counts);
        other.counts.forEach((key, value) -> merged.merge(key, value, RankCounts::merge));
        Map<String, Long> skipped = new TreeMap<>(notAfterList);
        other.notAfterList.forEach((key, value) -> skipped.merge(key, value, Long::sum));
        return new FeedbackSnapshot(merged, skipped);
    }

    /** The counts with versions rolled up: one entry per (variant, type, population), version "*". */
    public FeedbackSnapshot byVariant() {
        return rollUp(key -> new FeedbackKey(key.variant(), "*", key.type(), key.population()));
    }

    private FeedbackSnapshot rollUp(Function<FeedbackKey, FeedbackKey> group) {
        Map<FeedbackKey, RankCounts> merged = new TreeMap<>(ORDER);
        counts.forEach((key, value) -> merged.merge(group.apply(key), value, RankCounts::merge));
        return new FeedbackSnapshot(merged, notAfterList);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeedbackSnapshot other && counts.equals(other.counts)
                && notAfterList.equals(other.notAfterList);
    }

    @Override
    public int hashCode() {
        return counts.hashCode() * 31 + notAfterList.hashCode();
    }

    @Override
    public String toString() {
        return "FeedbackSnapshot" + counts + ", notAfterList=" + notAfterList;
    }
}
