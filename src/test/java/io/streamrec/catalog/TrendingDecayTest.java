package io.streamrec.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DecayedCounter}: the half-life math, its bound, and its store encoding. */
class TrendingDecayTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long H = HOUR.toMillis();
    private static final long T0 = 1_732_900_000_000L;

    @Test
    void shouldHalveAScoreEveryHalfLifeOfEventTime() {
        DecayedCounter counter = new DecayedCounter(HOUR, 10);
        counter.add("a", 1, T0);
        assertEquals(1.0, counter.score("a", T0), 1e-9);
        assertEquals(0.5, counter.score("a", T0 + H), 1e-9);
        assertEquals(0.25, counter.score("a", T0 + 2 * H), 1e-9);
        assertEquals(Math.pow(2, -0.5), counter.score("a", T0 + H / 2), 1e-9);
        assertEquals(0.0, counter.score("unknown", T0));
    }

    @Test
    void shouldSumDecayedWeightsWhateverTheArrivalOrder() {
        DecayedCounter inOrder = new DecayedCounter(HOUR, 10);
        inOrder.add("a", 2, T0);
        inOrder.add("a", 1, T0 + H);
        DecayedCounter late = new DecayedCounter(HOUR, 10);
        late.add("a", 1, T0 + H);
        late.add("a", 2, T0);
        assertEquals(2.0, inOrder.score("a", T0 + H), 1e-9);
        assertEquals(2.0, late.score("a", T0 + H), 1e-9);
        assertEquals(T0 + H, late.newestTs());
    }

    @Test
    void shouldRankByTheScoreNowSoRecentBeatsOnceBig() {
        DecayedCounter counter = new DecayedCounter(HOUR, 10);
        counter.add("old-hit", 8, T0);
        counter.add("fresh", 3, T0 + 2 * H);
        counter.add("lukewarm", 1, T0 + 2 * H);
        assertEquals(List.of("fresh", "old-hit", "lukewarm"), counter.topItems(10));
        List<DecayedCounter.Entry> top = counter.top(2, T0 + 2 * H);
        assertEquals(3.0, top.get(0).score(), 1e-9);
        assertEquals(2.0, top.get(1).score(), 1e-9);
    }

    @Test
    void shouldStayPreciseAtEpochMillisWithAShortHalfLife() {
        DecayedCounter counter = new DecayedCounter(Duration.ofSeconds(1), 10);
        counter.add("a", 1, T0);
        counter.add("a", 1, T0 + 1000);
        assertEquals(1.5, counter.score("a", T0 + 1000), 1.5e-6, "L = t/H is about 1.7e9 here: ulp 2.4e-7");
        DecayedCounter hourly = new DecayedCounter(HOUR, 10);
        hourly.add("a", 1, T0);
        hourly.add("a", 1, T0 + H);
        assertEquals(1.5, hourly.score("a", T0 + H), 1e-9);
    }

    @Test
    void shouldKeepOnlyTheBestItemsOfAFullScope() {
        DecayedCounter counter = new DecayedCounter(HOUR, 3);
        for (int i = 1; i <= 10; i++) {
            counter.add("w" + i, i, T0);
        }
        assertEquals(3, counter.size());
        assertEquals(List.of("w10", "w9", "w8"), counter.topItems(10));
        assertFalse(counter.add("small", 1, T0), "below the lowest: refused");
        assertTrue(counter.add("big", 9.5, T0));
        assertEquals(List.of("w10", "big", "w9"), counter.topItems(10));
        assertTrue(counter.add("w9", 1, T0), "a counted item always adds");
    }

    @Test
    void shouldLetNewEventsPushOutItemsThatDecayed() {
        DecayedCounter counter = new DecayedCounter(HOUR, 2);
        counter.add("a", 4, T0);
        counter.add("b", 4, T0);
        assertTrue(counter.add("c", 1, T0 + 3 * H), "1 now beats 4 three half-lives ago (0.5)");
        assertEquals(List.of("c", "a"), counter.topItems(2));
    }

    @Test
    void shouldRefuseWeightsThatAreNotPositive() {
        DecayedCounter counter = new DecayedCounter(HOUR, 2);
        assertThrows(IllegalArgumentException.class, () -> counter.add("a", 0, T0));
        assertThrows(IllegalArgumentException.class, () -> counter.add("a", Double.NaN, T0));
        assertThrows(IllegalArgumentException.class, () -> new DecayedCounter(Duration.ZERO, 2));
        assertThrows(IllegalArgumentException.class, () -> new DecayedCounter(HOUR, 0));
    }

    @Test
    void shouldRoundTripThroughItsEncoding() {
        DecayedCounter counter = new DecayedCounter(HOUR, 100);
        for (int i = 0; i < 50; i++) {
            counter.add("item-" + i, 1 + i % 7, T0 + i * 60_000L);
        }
        DecayedCounter back = DecayedCounter.decode(counter.encode(), HOUR, 100);
        assertEquals(counter.topItems(100), back.topItems(100));
        assertEquals(counter.newestTs(), back.newestTs());
        for (int i = 0; i < 50; i++) {
            double expected = counter.score("item-" + i, T0 + 2 * H);
            assertEquals(expected, back.score("item-" + i, T0 + 2 * H), expected * 1e-6);
        }
        assertEquals(counter.topItems(7), DecayedCounter.topItems(counter.encode(), 7));
        assertEquals(List.of(), DecayedCounter.topItems(new DecayedCounter(HOUR, 3).encode(), 5));
    }

    @Test
    void shouldKeepTheBestWhenDecodedIntoASmallerCapacity() {
        DecayedCounter counter = new DecayedCounter(HOUR, 10);
        for (int i = 1; i <= 10; i++) {
            counter.add("w" + i, i, T0);
        }
        DecayedCounter smaller = decodedOf(counter, HOUR, 4);
        assertEquals(List.of("w10", "w9", "w8", "w7"), smaller.topItems(10));
    }

    @Test
    void shouldKeepTodaysScoresAndDecayAtTheNewRateAfterAHalfLifeChange() {
        DecayedCounter counter = new DecayedCounter(HOUR, 10);
        counter.add("a", 4, T0);
        counter.add("b", 1, T0 + H);
        DecayedCounter slower = decodedOf(counter, Duration.ofHours(2), 10);
        assertEquals(2.0, slower.score("a", T0 + H), 1e-6);
        assertEquals(1.0, slower.score("a", T0 + 3 * H), 1e-6);
        assertEquals(List.of("a", "b"), slower.topItems(2));
    }

    @Test
    void shouldBeCompactAndBounded() {
        DecayedCounter counter = new DecayedCounter(HOUR, 1000);
        for (int i = 0; i < 5000; i++) {
            counter.add(String.format("sku-%05d", i), 1 + (i % 13), T0 + i);
        }
        assertEquals(1000, counter.size());
        int bytes = counter.encode().length;
        assertTrue(bytes <= 1000 * (1 + 9 + 4) + 32, bytes + " bytes for 1000 nine-character ids");
    }

    @Test
    void shouldRefuseTruncatedOrForeignValues() {
        DecayedCounter counter = new DecayedCounter(HOUR, 10);
        counter.add("a", 1, T0);
        byte[] bytes = counter.encode();
        for (int len = 0; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            assertThrows(IllegalArgumentException.class, () -> DecayedCounter.decode(cut, HOUR, 10), "length " + len);
        }
        bytes[0] = 7;
        assertThrows(IllegalArgumentException.class, () -> DecayedCounter.decode(bytes, HOUR, 10));
    }

    private static DecayedCounter decodedOf(DecayedCounter counter, Duration halfLife, int capacity) {
        return DecayedCounter.decode(counter.encode(), halfLife, capacity);
    }

    @Test
    void shouldMergeTheCountersOfDisjointStreamsAsIfCountedTogether() {
        DecayedCounter one = new DecayedCounter(HOUR, 10);
        DecayedCounter two = new DecayedCounter(HOUR, 10);
        DecayedCounter together = new DecayedCounter(HOUR, 10);
        one.add("a", 3, T0);
        together.add("a", 3, T0);
        two.add("a", 1, T0 + 1_000);
        together.add("a", 1, T0 + 1_000);
        two.add("b", 3.5, T0);
        together.add("b", 3.5, T0);

        DecayedCounter merged = DecayedCounter.merge(List.of(one.encode(), two.encode()), HOUR, 10);

        assertEquals(List.of("a", "b"), merged.topItems(2));
        assertEquals(together.score("a", T0 + 1_000), merged.score("a", T0 + 1_000), 1e-6);
        assertEquals(together.score("b", T0 + 1_000), merged.score("b", T0 + 1_000), 1e-6);
    }

    @Test
    void shouldEncodeOnlyTheBestItemsWhenLimited() {
        DecayedCounter counter = new DecayedCounter(HOUR, 10);
        counter.add("low", 1, T0);
        counter.add("high", 5, T0);
        counter.add("mid", 3, T0);

        assertEquals(List.of("high", "mid"), DecayedCounter.topItems(counter.encode(2), 10));
    }
}
