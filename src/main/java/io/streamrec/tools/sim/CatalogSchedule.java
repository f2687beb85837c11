package io.streamrec.tools.sim;

import io.streamrec.catalog.CatalogItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * When the simulated shop's items sell out, come back and launch ({@link CatalogChanges}): a pure, deterministic
 * schedule over the count of simulated events. It draws from its own random stream, so a simulator without catalog
 * changes generates exactly the events it did before they existed.
 */
final class CatalogSchedule {
    static final String LAUNCH_PREFIX = "new-";
    /** The newest launch draws this share of the launch clicks; the rest spread evenly over all launches. */
    private static final double NEWEST_LAUNCH_SHARE = 0.5;

    private final CatalogChanges changes;
    private final Catalog catalog;
    private final SplittableRandom random;
    /** Sold-out item index → the event count at which it is back in stock, in sell-out order. */
    private final Map<Integer, Long> soldOut = new LinkedHashMap<>();
    private final List<CatalogItem> launches = new ArrayList<>();

    CatalogSchedule(CatalogChanges changes, Catalog catalog, long seed) {
        this.changes = changes;
        this.catalog = catalog;
        this.random = new SplittableRandom(seed ^ 0x1CA7A106L);
    }

    /**
     * The catalog records due before event number {@code step} (0-based) is generated: items back in stock, then a
     * sell-out and a launch when a change is due. {@code now} stamps a launch's {@code launched_at}.
     */
    List<CatalogItem> due(long step, long now) {
        if (!changes.enabled()) return List.of();
        List<CatalogItem> records = new ArrayList<>();
        for (Iterator<Map.Entry<Integer, Long>> it = soldOut.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Long> entry = it.next();
            if (entry.getValue() <= step) {
                records.add(catalog.record(entry.getKey(), true));
                it.remove();
            }
        }
        if (step >= changes.firstAfter() && (step - changes.firstAfter()) % changes.every() == 0) {
            sellOut(step, records);
            if (launches.size() < changes.maxLaunches()) {
                CatalogItem launch = launch(now);
                launches.add(launch);
                records.add(launch);
            }
        }
        return records;
    }

    /** The item of a click on a launched item instead of the next regular event, or null for a regular event. */
    String launchClick() {
        if (launches.isEmpty() || random.nextDouble() >= changes.launchClickShare()) return null;
        int pick = random.nextDouble() < NEWEST_LAUNCH_SHARE ? launches.size() - 1 : random.nextInt(launches.size());
        return launches.get(pick).item();
    }

    boolean isSoldOut(int item) {
        return soldOut.containsKey(item);
    }

    List<CatalogItem> launches() {
        return List.copyOf(launches);
    }

    private void sellOut(long step, List<CatalogItem> records) {
        int among = Math.min(changes.soldOutAmong(), catalog.itemCount());
        if (soldOut.size() >= among) return;
        int item;
        do {
            item = random.nextInt(among);
        } while (soldOut.containsKey(item));
        soldOut.put(item, step + changes.soldOutFor());
        records.add(catalog.record(item, false));
    }

    private CatalogItem launch(long now) {
        int category = catalog.popularCategory(random);
        double price = Math.floor(5 + random.nextDouble() * 195) + 0.99;
        return new CatalogItem(LAUNCH_PREFIX + (launches.size() + 1), catalog.categoryName(category), true, price,
                now, Map.of(), false);
    }
}
