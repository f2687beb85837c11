package io.streamrec.tools.sim;

/**
 * How the simulated shop's catalog changes during a run, counted in simulated events so that the schedule is the
 * same in batch and live mode. Every {@code every} events from {@code firstAfter} on, one popular item sells out
 * (back in stock {@code soldOutFor} events later) and, while fewer than {@code maxLaunches} exist, a new item is
 * launched; a {@code launchClickShare} of the events are then clicks on launched items.
 *
 * @param firstAfter       events before the first change
 * @param every            events between changes
 * @param soldOutFor       events an item stays out of stock
 * @param soldOutAmong     the sold-out item is one of the shop's this many most popular items (so lists hold it)
 * @param launchClickShare share of events that are clicks on launched items, once there is one
 * @param maxLaunches      launches at most
 */
public record CatalogChanges(boolean enabled, long firstAfter, long every, long soldOutFor, int soldOutAmong,
                             double launchClickShare, int maxLaunches) {
    /** No changes: the catalog stays as published at the start, the events are those of a simulator without it. */
    public static final CatalogChanges NONE = new CatalogChanges(false, 1, 1, 1, 1, 0, 0);

    public CatalogChanges {
        require(firstAfter >= 1 && every >= 1 && soldOutFor >= 1, "catalog change intervals must be >= 1 event");
        require(soldOutAmong >= 1, "soldOutAmong must be >= 1");
        require(launchClickShare >= 0 && launchClickShare < 1, "launchClickShare must be within [0, 1)");
        require(maxLaunches >= 0, "maxLaunches must be >= 0");
    }

    /**
     * At the demo's 200 events/s: the first change after 2 s (once the app is warm), then one every 5 s, an item out
     * of stock for 15 s, at most 20 launches drawing 4% of the events (enough to enter the top 50 trending items
     * within seconds).
     */
    public static CatalogChanges defaults() {
        return new CatalogChanges(true, 400, 1_000, 3_000, 10, 0.04, 20);
    }

    public CatalogChanges every(long firstAfter, long every, long soldOutFor) {
        return new CatalogChanges(enabled, firstAfter, every, soldOutFor, soldOutAmong, launchClickShare, maxLaunches);
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
