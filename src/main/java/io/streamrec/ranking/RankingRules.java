package io.streamrec.ranking;

import java.util.Set;

/**
 * Business rules of one list ({@link Surface}); {@link RankingSettings} reads them from the configuration.
 *
 * @param topK                how many items the list holds
 * @param excludeRecentEvents don't recommend the items of the user's last N events (0: none; 1 is the old
 *                            {@code exclude.last.event.item})
 * @param allowUnknownItems   an item the catalog does not know may be shown if the model knows it (an item neither
 *                            knows is never shown); unavailable and removed items never are
 * @param maxPerCategory      at most this many items of one category (0: no cap); filled from further down, and
 *                            relaxed only when nothing else eligible is left, so the list stays {@code topK} long
 * @param categories          only items of these categories (empty: all); items of unknown category are left out
 * @param blendBelowEvents    a user with fewer interactions than this (but not cold) gets trending items blended in
 * @param blendShare          share of the list's slots given to trending when blending (spread over the list)
 * @param newItemsMax         slots (at the end of the list) reserved for trending items the model has never seen
 * @param complementsMax      after a cart event, up to this many items bought with the carted item lead the list
 */
public record RankingRules(int topK, int excludeRecentEvents, boolean allowUnknownItems, int maxPerCategory,
                           Set<String> categories, int blendBelowEvents, double blendShare, int newItemsMax,
                           int complementsMax) {
    public static final int DEFAULT_MAX_PER_CATEGORY = 3;
    public static final int DEFAULT_BLEND_BELOW_EVENTS = 3;
    public static final double DEFAULT_BLEND_SHARE = 0.3;
    public static final int DEFAULT_NEW_ITEMS_MAX = 1;
    public static final int DEFAULT_COMPLEMENTS_MAX = 3;

    public RankingRules {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, got " + topK);
        }
        nonNegative("excludeRecentEvents", excludeRecentEvents);
        nonNegative("maxPerCategory", maxPerCategory);
        nonNegative("blendBelowEvents", blendBelowEvents);
        nonNegative("newItemsMax", newItemsMax);
        nonNegative("complementsMax", complementsMax);
        if (!(blendShare >= 0 && blendShare <= 1)) {
            throw new IllegalArgumentException("blendShare must be within [0, 1], got " + blendShare);
        }
        categories = Set.copyOf(categories);
    }

    /** The defaults, with the two rules that existed before the catalog. */
    public RankingRules(int topK, boolean excludeLastEventItem) {
        this(topK, excludeLastEventItem ? 1 : 0, true, DEFAULT_MAX_PER_CATEGORY, Set.of(), DEFAULT_BLEND_BELOW_EVENTS,
                DEFAULT_BLEND_SHARE, DEFAULT_NEW_ITEMS_MAX, DEFAULT_COMPLEMENTS_MAX);
    }

    public boolean excludeLastEventItem() {
        return excludeRecentEvents > 0;
    }

    public RankingRules withTopK(int k) {
        return new RankingRules(k, excludeRecentEvents, allowUnknownItems, maxPerCategory, categories,
                blendBelowEvents, blendShare, newItemsMax, complementsMax);
    }

    public RankingRules withExcludeRecentEvents(int n) {
        return new RankingRules(topK, n, allowUnknownItems, maxPerCategory, categories, blendBelowEvents, blendShare,
                newItemsMax, complementsMax);
    }

    public RankingRules withAllowUnknownItems(boolean allow) {
        return new RankingRules(topK, excludeRecentEvents, allow, maxPerCategory, categories, blendBelowEvents,
                blendShare, newItemsMax, complementsMax);
    }

    public RankingRules withMaxPerCategory(int max) {
        return new RankingRules(topK, excludeRecentEvents, allowUnknownItems, max, categories, blendBelowEvents,
                blendShare, newItemsMax, complementsMax);
    }

    public RankingRules withCategories(Set<String> only) {
        return new RankingRules(topK, excludeRecentEvents, allowUnknownItems, maxPerCategory, only, blendBelowEvents,
                blendShare, newItemsMax, complementsMax);
    }

    public RankingRules withBlend(int belowEvents, double share) {
        return new RankingRules(topK, excludeRecentEvents, allowUnknownItems, maxPerCategory, categories, belowEvents,
                share, newItemsMax, complementsMax);
    }

    public RankingRules withNewItemsMax(int max) {
        return new RankingRules(topK, excludeRecentEvents, allowUnknownItems, maxPerCategory, categories,
                blendBelowEvents, blendShare, max, complementsMax);
    }

    public RankingRules withComplementsMax(int max) {
        return new RankingRules(topK, excludeRecentEvents, allowUnknownItems, maxPerCategory, categories,
                blendBelowEvents, blendShare, newItemsMax, max);
    }

    private static void nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + value);
        }
    }
}
