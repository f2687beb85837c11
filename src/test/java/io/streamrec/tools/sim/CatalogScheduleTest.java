package io.streamrec.tools.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.catalog.CatalogCodec;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CatalogScheduleTest {
    /** A change at event 10, 110, 210 ...; an item stays sold out for 50 events. */
    static final CatalogChanges CHANGES = CatalogChanges.defaults().every(10, 100, 50);
    static final Catalog CATALOG = new Catalog(1_000, 20, new SplittableRandom(42));

    @Test
    void shouldSellOutAPopularItemAndBringItBackLater() {
        CatalogSchedule schedule = new CatalogSchedule(CHANGES, CATALOG, 42);
        for (long step = 0; step < 10; step++) assertEquals(List.of(), schedule.due(step, 1_000 + step));

        List<CatalogItem> first = schedule.due(10, 1_010);

        CatalogItem soldOut = first.get(0);
        assertFalse(soldOut.available());
        assertTrue(Catalog.itemIndex(soldOut.item()) < CHANGES.soldOutAmong(), soldOut.item());
        assertTrue(schedule.isSoldOut(Catalog.itemIndex(soldOut.item())));
        for (long step = 11; step < 60; step++) assertEquals(List.of(), schedule.due(step, 1_000 + step));
        CatalogItem back = schedule.due(60, 1_060).get(0);
        assertEquals(soldOut.item(), back.item());
        assertTrue(back.available());
        assertEquals(soldOut.category(), back.category());
        assertFalse(schedule.isSoldOut(Catalog.itemIndex(soldOut.item())));
    }

    @Test
    void shouldLaunchNewItemsTheModelCannotKnowAvailableAndStamped() {
        CatalogSchedule schedule = new CatalogSchedule(CHANGES, CATALOG, 42);
        List<CatalogItem> records = run(schedule, 400);

        List<CatalogItem> launches = records.stream().filter(r -> r.item().startsWith("new-")).toList();
        assertEquals(List.of("new-1", "new-2", "new-3", "new-4"), launches.stream().map(CatalogItem::item).toList());
        assertEquals(List.of(1_010L, 1_110L, 1_210L, 1_310L), launches.stream().map(CatalogItem::launchedAt).toList());
        for (CatalogItem launch : launches) {
            assertTrue(launch.available());
            assertTrue(launch.category() != null && !launch.category().isBlank());
        }
    }

    @Test
    void shouldStopLaunchingAtTheMaximum() {
        CatalogChanges two = new CatalogChanges(true, 1, 10, 5, 3, 0.5, 2);
        List<CatalogItem> records = run(new CatalogSchedule(two, CATALOG, 1), 1_000);

        assertEquals(2, records.stream().filter(r -> r.item().startsWith("new-")).count());
        // with three candidates and 5-event outages there is always one in stock to sell out
        assertEquals(100, records.stream().filter(r -> !r.available()).count());
    }

    @Test
    void shouldFollowTheSeed() {
        List<CatalogItem> once = run(new CatalogSchedule(CHANGES, CATALOG, 42), 2_000);

        assertEquals(once, run(new CatalogSchedule(CHANGES, CATALOG, 42), 2_000));
        assertNotEquals(once, run(new CatalogSchedule(CHANGES, CATALOG, 43), 2_000));
    }

    @Test
    void shouldChangeNothingWhenOff() {
        CatalogSchedule schedule = new CatalogSchedule(CatalogChanges.NONE, CATALOG, 42);

        assertEquals(List.of(), run(schedule, 5_000));
        assertNull(schedule.launchClick());
    }

    @Test
    void shouldPublishEveryItemAvailableAsTheCatalogContractReadsIt() {
        ShopperSimulator simulator = new ShopperSimulator(SimulatorSettings.defaults().withCatalog(100, 10));
        CatalogCodec codec = new CatalogCodec();

        List<CatalogItem> items = simulator.initialCatalog();

        assertEquals(100, items.size());
        Set<String> categories = new HashSet<>();
        for (CatalogItem item : items) {
            assertEquals(item, codec.parse(item.item(), codec.write(item)));
            assertTrue(item.available() && item.price() != null, item.toString());
            categories.add(item.category());
        }
        assertEquals(10, categories.size());
    }

    /** The training input: with catalog changes off, the events are byte for byte those simulated before they existed. */
    @Test
    void shouldLeaveTheEventsUnchangedWhenOff() throws Exception {
        ShopperSimulator simulator = new ShopperSimulator(SimulatorSettings.defaults().withUsers(2_000));
        EventCodec codec = new EventCodec();
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 20_000; i++) {
            digest.update(codec.write(simulator.next()));
            digest.update((byte) '\n');
        }
        // `streamrec simulate --users 2000 --events 20000 --seed 42 --start 2025-01-01T00:00:00Z` before this change
        assertEquals("9b4e9c0cc22c7d79ee2b42f9e9f8f4bad2ad22794026ce79e54fc0fa3ac07e79",
                HexFormat.of().formatHex(digest.digest()));
        assertEquals(List.of(), simulator.catalogUpdates());
    }

    @Test
    void shouldClickLaunchedItemsOnlyAfterTheirLaunchWasPublished() {
        SimulatorSettings settings = SimulatorSettings.defaults().withCatalogChanges(CHANGES);
        ShopperSimulator simulator = new ShopperSimulator(settings);
        Set<String> published = new HashSet<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            Event event = simulator.next();
            simulator.catalogUpdates().forEach(record -> published.add(record.item()));
            if (event.item().startsWith("new-")) {
                assertTrue(published.contains(event.item()), event.toString());
            }
            events.add(event);
        }

        long launchClicks = events.stream().filter(e -> e.item().startsWith("new-")).count();
        double share = launchClicks / (double) (events.size() - CHANGES.firstAfter());
        assertTrue(share > 0.03 && share < 0.05, "launch click share " + share);
        assertEquals(events, new ShopperSimulator(settings).generate(20_000));
        assertEquals(events.size(), events.stream().map(Event::eventId).distinct().count());
    }

    private static List<CatalogItem> run(CatalogSchedule schedule, long steps) {
        List<CatalogItem> records = new ArrayList<>();
        for (long step = 0; step < steps; step++) {
            records.addAll(schedule.due(step, 1_000 + step));
            schedule.launchClick();
        }
        return records;
    }
}
