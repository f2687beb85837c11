package io.streamrec.tools.demo;

import io.streamrec.catalog.CatalogItem;
import io.streamrec.ranking.Recommendation;
import io.streamrec.scoring.ScoredItem;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the demo's lists against the catalog changes it published. The rule for {@code unavailable_recommended}:
 * a list (any of its surfaces) generated more than {@link #GRACE_MS} after the broker acknowledged an item's sell-out,
 * and before its restock was sent, that holds the item. Launches: the first list that holds a launched item with
 * source {@code trending}. Thread-safe: the producer's callbacks, the watcher and the console all call it.
 */
final class CatalogWatch {
    static final long GRACE_MS = 1_000;

    /** One sell-out: acknowledged at {@code ackedAt} (0 until then), restock sent at {@code restockSentAt}. */
    private static final class Outage {
        long ackedAt;
        long restockSentAt = Long.MAX_VALUE;
        long lastListedAt;
        boolean reported;
    }

    private static final class Launch {
        long ackedAt;
        long firstTrendingAt;
        String firstUser;
        boolean reported;
    }

    private final Map<String, List<Outage>> outages = new HashMap<>();
    private final Map<String, Launch> launches = new LinkedHashMap<>();
    private long unavailableRecommended;
    private long listsChecked;

    /** A catalog record was sent; its acknowledgement comes through the returned callback's argument. */
    synchronized Acknowledge sent(CatalogItem item, long sentAt) {
        if (item.launchedAt() != null) {
            Launch launch = new Launch();
            launches.put(item.item(), launch);
            return ackedAt -> acknowledged(() -> launch.ackedAt = ackedAt);
        }
        if (!item.available()) {
            Outage outage = new Outage();
            outages.computeIfAbsent(item.item(), i -> new ArrayList<>()).add(outage);
            return ackedAt -> acknowledged(() -> outage.ackedAt = ackedAt);
        }
        List<Outage> periods = outages.getOrDefault(item.item(), List.of());
        if (!periods.isEmpty()) periods.get(periods.size() - 1).restockSentAt = sentAt;
        return ackedAt -> { };
    }

    @FunctionalInterface
    interface Acknowledge {
        void at(long ackedAt);
    }

    synchronized void onList(Recommendation rec) {
        listsChecked++;
        boolean unavailable = false;
        for (List<ScoredItem> list : lists(rec)) {
            for (ScoredItem item : list) {
                unavailable |= checkOutage(item.item(), rec.generatedAt());
                Launch launch = launches.get(item.item());
                if (launch != null && launch.firstTrendingAt == 0 && item.source() == ScoredItem.Source.TRENDING) {
                    launch.firstTrendingAt = rec.generatedAt();
                    launch.firstUser = rec.user();
                }
            }
        }
        if (unavailable) unavailableRecommended++;
    }

    /** Console lines for what happened since the last call: items gone from the lists, launches seen trending. */
    synchronized List<String> news(long now) {
        List<String> lines = new ArrayList<>();
        outages.forEach((item, periods) -> {
            for (Outage outage : periods) {
                if (!outage.reported && outage.ackedAt > 0 && now > outage.ackedAt + GRACE_MS
                        && outage.restockSentAt == Long.MAX_VALUE) {
                    outage.reported = true;
                    lines.add(outage.lastListedAt == 0 ? item + " sold out: in no list since"
                            : String.format("%s sold out: last listed %d ms after the sell-out was acknowledged",
                                    item, outage.lastListedAt - outage.ackedAt));
                }
            }
        });
        launches.forEach((item, launch) -> {
            if (!launch.reported && launch.firstTrendingAt > 0 && launch.ackedAt > 0) {
                launch.reported = true;
                lines.add(String.format("%s in %s's list via trending, %.1f s after its launch", item, launch.firstUser,
                        (launch.firstTrendingAt - launch.ackedAt) / 1000.0));
            }
        });
        return lines;
    }

    synchronized long unavailableRecommended() {
        return unavailableRecommended;
    }

    /** Launched items some list held as a trending item. */
    synchronized long launchedViaTrending() {
        return launches.values().stream().filter(launch -> launch.firstTrendingAt > 0).count();
    }

    synchronized long launched() {
        return launches.size();
    }

    synchronized long soldOut() {
        return outages.values().stream().mapToLong(List::size).sum();
    }

    /** Whether the list (generated at {@code generatedAt}) breaks the rule for this item; notes when it was listed. */
    private boolean checkOutage(String item, long generatedAt) {
        boolean breaks = false;
        for (Outage outage : outages.getOrDefault(item, List.of())) {
            if (outage.ackedAt == 0 || generatedAt < outage.ackedAt || generatedAt >= outage.restockSentAt) continue;
            outage.lastListedAt = Math.max(outage.lastListedAt, generatedAt);
            breaks |= generatedAt > outage.ackedAt + GRACE_MS;
        }
        return breaks;
    }

    private static List<List<ScoredItem>> lists(Recommendation rec) {
        if (rec.surfaces().isEmpty()) return List.of(rec.items());
        return List.copyOf(rec.surfaces().values());
    }

    private synchronized void acknowledged(Runnable update) {
        update.run();
    }
}
