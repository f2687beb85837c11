package io.streamrec.tools.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.Event;
import io.streamrec.events.EventCodec;
import io.streamrec.events.EventType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ShopperSimulatorTest {
    static final int EVENTS = 50_000;
    static final SimulatorSettings SETTINGS = SimulatorSettings.defaults().withSeed(7).withUsers(2_000);
    static ShopperSimulator simulator;
    static List<Event> events;
    static Map<String, List<Event>> bySession;

    @BeforeAll
    static void generate() {
        simulator = new ShopperSimulator(SETTINGS);
        events = simulator.generate(EVENTS);
        bySession = events.stream().collect(Collectors.groupingBy(Event::session));
    }

    @Test
    void shouldProduceTheSameEventsForTheSameSeed() {
        assertEquals(events.subList(0, 1_000), new ShopperSimulator(SETTINGS).generate(1_000));
        assertNotEquals(events.subList(0, 1_000), new ShopperSimulator(SETTINGS.withSeed(8)).generate(1_000));
    }

    @Test
    void shouldGenerateTheSameSequenceInLiveModeWithClockTimestamps() {
        Clock clock = Clock.fixed(Instant.parse("2025-06-01T12:00:00Z"), ZoneOffset.UTC);
        List<Event> live = new ShopperSimulator(SETTINGS, clock).generate(1_000);

        assertTrue(live.stream().allMatch(e -> e.ts() == clock.millis()));
        for (int i = 0; i < live.size(); i++) {
            assertEquals(events.get(i).item(), live.get(i).item());
            assertEquals(events.get(i).user(), live.get(i).user());
        }
    }

    @Test
    void shouldKeepEventTypeRatesWithinTheirBands() {
        Map<EventType, Long> counts = events.stream()
                .collect(Collectors.groupingBy(Event::type, () -> new EnumMap<>(EventType.class), Collectors.counting()));
        double clicks = share(counts.get(EventType.CLICK));
        double carts = share(counts.get(EventType.CART));
        double purchases = share(counts.get(EventType.PURCHASE));

        assertTrue(clicks > 0.9, "clicks " + clicks);
        assertTrue(carts >= 0.02 && carts <= 0.06, "carts " + carts);
        assertTrue(purchases >= 0.002 && purchases < 0.01, "purchases " + purchases);
    }

    @Test
    void shouldOnlyPurchaseItemsCartedEarlierInTheSession() {
        for (List<Event> session : bySession.values()) {
            Map<String, Integer> carted = new HashMap<>();
            for (Event event : session) {
                if (event.type() == EventType.CART) carted.merge(event.item(), 1, Integer::sum);
                if (event.type() == EventType.PURCHASE) {
                    assertTrue(carted.getOrDefault(event.item(), 0) > 0, "purchase without cart: " + event);
                    carted.merge(event.item(), -1, Integer::sum);
                }
            }
        }
    }

    @Test
    void shouldMostlyClickWithinTheSameCategory() {
        Catalog catalog = simulator.catalog();
        List<int[]> clickPairs = consecutive(EventType.CLICK, EventType.CLICK);
        double same = clickPairs.stream().filter(p -> catalog.categoryOf(p[0]) == catalog.categoryOf(p[1])).count()
                / (double) clickPairs.size();
        double chance = chanceOfCategoryMatch(catalog, c -> c);

        assertTrue(same > 0.6 && same > 3 * chance, "same-category share " + same + ", chance " + chance);
    }

    @Test
    void shouldFavourComplementsRightAfterACart() {
        Catalog catalog = simulator.catalog();
        List<int[]> cartThenClick = consecutive(EventType.CART, EventType.CLICK);
        double complement = cartThenClick.stream()
                .filter(p -> catalog.categoryOf(p[1]) == catalog.complementOf(catalog.categoryOf(p[0])))
                .count() / (double) cartThenClick.size();
        double chance = chanceOfCategoryMatch(catalog, catalog::complementOf);

        assertTrue(complement > 0.4 && complement > 3 * chance, "complement share " + complement);
    }

    @Test
    void shouldUseUsersAndItemsFromTheSettingsAndWriteValidJson() {
        EventCodec codec = new EventCodec();
        Set<String> users = new HashSet<>();
        long previousTs = 0;
        for (Event event : events) {
            int user = Integer.parseInt(event.user().substring(1));
            assertTrue(user >= 1 && user <= SETTINGS.users(), event.user());
            int item = Catalog.itemIndex(event.item());
            assertTrue(item >= 0 && item < SETTINGS.items(), event.item());
            assertTrue(event.ts() >= previousTs);
            previousTs = event.ts();
            users.add(event.user());
            assertEquals(event, codec.parse(codec.write(event)));
        }
        assertTrue(users.size() > SETTINGS.users() / 2, "few users: " + users.size());
        long expectedEnd = SETTINGS.start().toEpochMilli() + EVENTS * SETTINGS.meanGap().toMillis();
        assertEquals(expectedEnd, previousTs, Duration.ofMinutes(1).toMillis());
    }

    /** Pairs of item indexes of consecutive events of one session with the given types. */
    private static List<int[]> consecutive(EventType first, EventType second) {
        List<int[]> pairs = new ArrayList<>();
        for (List<Event> session : bySession.values()) {
            for (int i = 1; i < session.size(); i++) {
                if (session.get(i - 1).type() == first && session.get(i).type() == second) {
                    pairs.add(new int[] {Catalog.itemIndex(session.get(i - 1).item()),
                            Catalog.itemIndex(session.get(i).item())});
                }
            }
        }
        return pairs;
    }

    /** Probability that two independent clicks (by the click distribution) land in categories c and f(c). */
    private static double chanceOfCategoryMatch(Catalog catalog, java.util.function.IntUnaryOperator f) {
        double[] share = new double[catalog.categoryCount()];
        List<Event> clicks = events.stream().filter(e -> e.type() == EventType.CLICK).toList();
        for (Event click : clicks) share[catalog.categoryOf(Catalog.itemIndex(click.item()))] += 1.0 / clicks.size();
        double chance = 0;
        for (int c = 0; c < share.length; c++) chance += share[c] * share[f.applyAsInt(c)];
        return chance;
    }

    private static double share(Long count) {
        return count == null ? 0 : count / (double) EVENTS;
    }
}
