package io.streamrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.streamrec.events.EventType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Trending}: event weights, scopes, the store read-modify-write and its lookup. */
class TrendingTest {
    private static final long T0 = 1_732_900_000_000L;
    private final Trending trending = new Trending(Duration.ofHours(1), 5, Trending.Weights.DEFAULT);
    private final Map<String, byte[]> store = new HashMap<>();

    @Test
    void shouldCountAnItemInItsCategoryAndGlobally() {
        assertEquals(List.of(Trending.GLOBAL_SCOPE), Trending.scopes(null));
        assertEquals(List.of(Trending.GLOBAL_SCOPE), Trending.scopes(" "));
        assertEquals(List.of("global", "category:shoes"), Trending.scopes("shoes"));
        Map<String, byte[]> updated = trending.update(store::get, "a", "shoes", EventType.CLICK, T0);
        assertEquals(Set.of("global", "category:shoes"), updated.keySet());
        store.putAll(updated);
        store.putAll(trending.update(store::get, "x", null, EventType.CLICK, T0));
        TrendingLookup lookup = TrendingLookup.over(store::get);
        assertEquals(List.of("a", "x"), lookup.top(Trending.GLOBAL_SCOPE, 10));
        assertEquals(List.of("a"), lookup.top(Trending.categoryScope("shoes"), 10));
        assertEquals(List.of(), lookup.top(Trending.categoryScope("hats"), 10));
    }

    @Test
    void shouldWeighPurchasesOverCartsOverClicks() {
        record("click-1", EventType.CLICK);
        record("click-2", EventType.CLICK);
        record("cart", EventType.CART);
        record("purchase", EventType.PURCHASE);
        record("click-2", EventType.CLICK);
        assertEquals(List.of("purchase", "cart", "click-2", "click-1"),
                TrendingLookup.over(store::get).top(Trending.GLOBAL_SCOPE, 10));
        assertEquals(5.0, trending.decode(store.get("global")).score("purchase", T0), 1e-9);
    }

    @Test
    void shouldDecayInEventTimeNotByTheWallClock() {
        store.putAll(trending.update(store::get, "yesterday", null, EventType.PURCHASE, T0 - Duration.ofDays(1).toMillis()));
        store.putAll(trending.update(store::get, "now", null, EventType.CLICK, T0));
        assertEquals(List.of("now", "yesterday"), TrendingLookup.over(store::get).top("global", 10));
    }

    @Test
    void shouldBoundEveryScope() {
        for (int i = 0; i < 20; i++) {
            store.putAll(trending.update(store::get, "i" + i, "c", EventType.CLICK, T0 + i));
        }
        assertEquals(5, trending.decode(store.get("global")).size());
        assertEquals(5, trending.decode(store.get("category:c")).size());
        assertEquals(List.of("i19", "i18", "i17"), TrendingLookup.over(store::get).top("category:c", 3));
        assertEquals(List.of(), TrendingLookup.NONE.top("global", 3));
    }

    @Test
    void shouldReadItsSettings() {
        DecayedCounter fromDefaults = CatalogSettings.trending(Map.of()).newCounter();
        for (int i = 0; i <= 1000; i++) {
            fromDefaults.add("i" + i, 1, T0 + i);
        }
        assertEquals(1000, fromDefaults.size(), "trending.max.items defaults to 1000");
        assertEquals(0.5, fromDefaults.score("i1000", T0 + 1000 + 3_600_000), 1e-9, "half-life defaults to 1 h");
        assertEquals(Trending.Weights.DEFAULT, new Trending.Weights(1, 3, 5));
        assertEquals(3.0, Trending.Weights.DEFAULT.of(EventType.CART));
        assertThrows(IllegalArgumentException.class, () -> new Trending.Weights(1, 0, 5));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> CatalogSettings.trending(Map.of("trending.weight.cart", "-2")));
        assertEquals("trending.weight.cart must be a number above 0.0, got '-2'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CatalogSettings.trending(Map.of("trending.half.life.ms", "0")));
        assertEquals("items", CatalogSettings.topic(Map.of()));
        assertEquals(2, CatalogSettings.coPurchaseMinCount(Map.of()));
    }

    private void record(String item, EventType type) {
        store.putAll(trending.update(store::get, item, null, type, T0));
    }
}
