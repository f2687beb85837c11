package io.streamrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Co-purchase counting: which purchases pair up, the bounded per-item lists, their encoding and lookup. */
class CoPurchaseTest {
    private static final long T0 = 1_732_900_000_000L;
    private static final long HOUR = 3_600_000L;
    private final CoPurchase coPurchase = new CoPurchase(Duration.ofHours(24), 3);
    private final Map<String, byte[]> store = new HashMap<>();

    @Test
    void shouldPairPurchasesOfOneUserWithinTheWindowEitherSide() {
        Interaction phone = buy("phone", T0);
        List<Interaction> session = List.of(
                buy("old-tv", T0 - 25 * HOUR),
                buy("case", T0 - HOUR),
                new Interaction("charger", EventType.CART, T0 - HOUR),
                new Interaction("cable", EventType.CLICK, T0),
                buy("phone", T0 - 2 * HOUR),
                phone,
                buy("case", T0 + HOUR),
                buy("stand", T0 + 2 * HOUR));
        assertEquals(List.of("case", "stand"), coPurchase.partners(session, phone));
        assertEquals(List.of(), coPurchase.partners(List.of(phone), phone));
    }

    @Test
    void shouldCountBothDirections() {
        store.putAll(coPurchase.update(store::get, "phone", List.of("case", "charger")));
        store.putAll(coPurchase.update(store::get, "case", List.of("phone")));
        assertEquals(List.of("phone"), CoPurchases.topItems(store.get("case"), 10, 2));
        assertEquals(List.of("case", "charger"), CoPurchases.topItems(store.get("phone"), 10, 1));
        assertEquals(List.of("case"), CoPurchases.topItems(store.get("phone"), 10, 2));
        assertEquals(List.of("phone"), CoPurchases.topItems(store.get("charger"), 10, 1));
        assertEquals(Map.of(), coPurchase.update(store::get, "phone", List.of()));
    }

    @Test
    void shouldKeepHeavyPartnersOfABoundedListAndNeverOverstateThem() {
        CoPurchases list = new CoPurchases(3);
        for (int round = 0; round < 20; round++) {
            list.add("heavy");
            list.add("noise-" + round);
        }
        assertEquals(3, list.size());
        CoPurchases.Partner heavy = list.partners().get(0);
        assertEquals("heavy", heavy.item());
        assertEquals(20, heavy.guaranteed());
        for (CoPurchases.Partner p : list.partners()) {
            long trueCount = p.item().equals("heavy") ? 20 : 1;
            assertTrue(p.guaranteed() <= trueCount, p + " overstates " + trueCount);
            assertTrue(p.count() >= trueCount, p + " below " + trueCount);
        }
        assertEquals(List.of("heavy"), list.top(5, 2));
    }

    @Test
    void shouldRoundTripThroughItsEncoding() {
        CoPurchases list = new CoPurchases(4);
        for (String item : List.of("a", "b", "a", "c", "a", "b", "d", "e")) {
            list.add(item);
        }
        CoPurchases back = CoPurchases.decode(list.encode(), 4);
        assertEquals(list.partners(), back.partners());
        assertEquals(list.top(2, 1), CoPurchases.topItems(list.encode(), 2, 1));
        assertEquals(list.partners().subList(0, 2), CoPurchases.decode(list.encode(), 2).partners());
        byte[] bytes = list.encode();
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(IllegalArgumentException.class, () -> CoPurchases.decode(cut, 4), "length " + len);
        }
    }

    @Test
    void shouldLookComplementsUpWithAMinimumCount() {
        store.putAll(coPurchase.update(store::get, "phone", List.of("case")));
        store.putAll(coPurchase.update(store::get, "phone", List.of("case", "charger")));
        assertEquals(List.of("case"), CoPurchaseLookup.over(store::get, 2).complements("phone", 5));
        assertEquals(List.of("case", "charger"), CoPurchaseLookup.over(store::get, 1).complements("phone", 5));
        assertEquals(List.of("case"), CoPurchaseLookup.over(store::get, 1).complements("phone", 1));
        assertEquals(List.of(), CoPurchaseLookup.over(store::get, 1).complements("unknown", 5));
        assertEquals(List.of(), CoPurchaseLookup.NONE.complements("phone", 5));
    }

    @Test
    void shouldReadItsSettings() {
        CoPurchase fromDefaults = CatalogSettings.coPurchase(Map.of());
        Interaction purchase = buy("a", T0);
        assertEquals(List.of("b"), fromDefaults.partners(List.of(buy("b", T0 - 23 * HOUR), purchase), purchase));
        assertThrows(IllegalArgumentException.class, () -> CatalogSettings.coPurchase(Map.of("copurchase.max.partners", "0")));
        assertThrows(IllegalArgumentException.class, () -> new CoPurchase(Duration.ofMillis(-1), 3));
    }

    private static Interaction buy(String item, long ts) {
        return new Interaction(item, EventType.PURCHASE, ts);
    }
}
