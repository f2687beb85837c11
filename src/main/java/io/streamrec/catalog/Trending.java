package io.streamrec.catalog;

import io.streamrec.events.EventType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * In-stream trending: item popularity from the events themselves, decayed in event time ({@link DecayedCounter}),
 * kept per scope: {@link #GLOBAL_SCOPE} for all items and {@code category:<name>} per category (the category is the
 * catalog's, looked up when the event is counted; an item the catalog does not know counts globally only).
 *
 * <p>Each event adds its type's weight (purchase > cart > click by default) to the item in every scope it belongs
 * to. Each scope holds at most {@code maxItems} items ({@link DecayedCounter} says how it is bounded), so a scope's
 * stored value stays around {@code maxItems} × (id length + 5) bytes. The topology keeps one value per scope in a
 * changelogged key-value store; {@link #update} is the read-modify-write it needs, {@link TrendingLookup#over} the
 * read side for the ranker.
 */
public final class Trending {
    public static final String GLOBAL_SCOPE = "global";
    private static final String CATEGORY_PREFIX = "category:";

    /** What one event of each type adds to its item's score. */
    public record Weights(double click, double cart, double purchase) {
        public static final Weights DEFAULT = new Weights(1, 3, 5);

        public Weights {
            if (!(click > 0 && cart > 0 && purchase > 0)) {
                throw new IllegalArgumentException("trending weights must be positive, got " + click + "/" + cart
                        + "/" + purchase);
            }
        }

        public double of(EventType type) {
            return switch (type) {
                case CLICK -> click;
                case CART -> cart;
                case PURCHASE -> purchase;
            };
        }
    }

    private final Duration halfLife;
    private final int maxItems;
    private final Weights weights;

    public Trending(Duration halfLife, int maxItems, Weights weights) {
        if (halfLife.toMillis() < 1 || maxItems < 1) {
            throw new IllegalArgumentException("trending needs a half-life of at least 1 ms and at least 1 item per "
                    + "scope, got " + halfLife + " and " + maxItems);
        }
        this.halfLife = halfLife;
        this.maxItems = maxItems;
        this.weights = weights;
    }

    public static String categoryScope(String category) {
        return CATEGORY_PREFIX + category;
    }

    /** The scopes an item of this category counts in (global only when the category is unknown). */
    public static List<String> scopes(String category) {
        return category == null || category.isBlank() ? List.of(GLOBAL_SCOPE)
                : List.of(GLOBAL_SCOPE, categoryScope(category));
    }

    public DecayedCounter newCounter() {
        return new DecayedCounter(halfLife, maxItems);
    }

    /** A stored scope value read under the current settings; null (nothing stored yet) is an empty counter. */
    public DecayedCounter decode(byte[] stored) {
        return stored == null ? newCounter() : DecayedCounter.decode(stored, halfLife, maxItems);
    }

    /**
     * An item's value (log₂ space, see {@link DecayedCounter}) after one more event, from its previous value (null:
     * none): what a task keeps per item, so that its bounded per-scope counters can be rebuilt exactly.
     */
    public double itemLog(Double previous, EventType type, long ts) {
        double term = Math.log(weights.of(type)) / Math.log(2) + (double) ts / halfLife.toMillis();
        return previous == null ? term : DecayedCounter.logSum(previous, term);
    }

    /** Whether an item's value has decayed below a thousandth of the smallest weight by {@code nowMs}: forgettable. */
    public boolean negligible(double log, long nowMs) {
        double smallest = Math.min(weights.click(), Math.min(weights.cart(), weights.purchase()));
        return Math.pow(2, log - (double) nowMs / halfLife.toMillis()) < smallest / 1000;
    }

    public Duration halfLife() {
        return halfLife;
    }

    public int maxItems() {
        return maxItems;
    }

    /** Counts one event in one counter. */
    public boolean record(DecayedCounter counter, String item, EventType type, long ts) {
        return counter.add(item, weights.of(type), ts);
    }

    /**
     * Counts one event in every scope of its item: reads each scope's stored value with {@code read} (null when
     * none), and returns the new value per scope, for the caller to put.
     */
    public Map<String, byte[]> update(Function<String, byte[]> read, String item, String category, EventType type,
                                      long ts) {
        Map<String, byte[]> updated = new LinkedHashMap<>();
        for (String scope : scopes(category)) {
            DecayedCounter counter = decode(read.apply(scope));
            record(counter, item, type, ts);
            updated.put(scope, counter.encode());
        }
        return updated;
    }
}
