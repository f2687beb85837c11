package io.streamrec.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LagTrendTest {

    @Test
    void shouldMeasureTheRiseOfASteadilyGrowingLag() {
        LagTrend trend = new LagTrend();
        for (int i = 0; i <= 60; i++) {
            trend.add(i * 0.5, 1_000 + 200L * i); // +400 records/s for 30 s
        }

        assertEquals(400, trend.slope(), 1e-6);
        assertEquals(12_000, trend.growth(), 1e-6);
        assertEquals(1_000, trend.start());
        assertEquals(13_000, trend.end());
        assertFalse(trend.notGrowing(4_000));
    }

    @Test
    void shouldNotTakeOneSpikeAtTheEndForGrowth() {
        LagTrend trend = new LagTrend();
        for (int i = 0; i < 60; i++) {
            trend.add(i * 0.5, i % 2 == 0 ? 300 : 500); // a sawtooth of commits around a flat level
        }
        trend.add(30, 4_300); // one commit late at the very end (a GC pause)

        assertEquals(4_300 - 300, trend.end() - trend.start(), "start/end alone would call this growth");
        assertTrue(trend.growth() < 1_000, "fitted rise " + trend.growth());
        assertTrue(trend.notGrowing(4_000));
    }

    @Test
    void shouldCallAShrinkingLagNotGrowing() {
        LagTrend trend = new LagTrend();
        for (int i = 0; i <= 10; i++) {
            trend.add(i, 10_000 - 1_000L * i);
        }

        assertTrue(trend.growth() < 0);
        assertTrue(trend.notGrowing(0));
    }

    @Test
    void shouldReportNoGrowthFromFewerThanTwoSamples() {
        LagTrend trend = new LagTrend();
        assertEquals(0, trend.growth());
        assertEquals(-1, trend.start());
        trend.add(0, 5);
        assertEquals(0, trend.growth());
    }
}
