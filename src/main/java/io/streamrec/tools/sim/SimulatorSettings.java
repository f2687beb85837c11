package io.streamrec.tools.sim;

import java.time.Duration;
import java.time.Instant;

/**
 * Knobs of the {@link ShopperSimulator}.
 *
 * @param concurrentSessions how many shopping sessions are interleaved at once; a session's events are
 *                           then about {@code concurrentSessions × meanGap} apart
 * @param start              timestamp of the first generated event (batch mode)
 * @param meanGap            mean of the exponential gap between consecutive events (batch mode)
 * @param catalogChanges     sell-outs and launches during the run ({@link CatalogChanges#NONE}: none)
 */
public record SimulatorSettings(long seed, int users, int items, int categories, int concurrentSessions,
                                Instant start, Duration meanGap, CatalogChanges catalogChanges) {

    public SimulatorSettings {
        require(users >= 1, "users must be >= 1");
        require(categories >= 2, "categories must be >= 2 (complements pair them up)");
        require(items >= 2 * categories, "items must be >= 2 × categories");
        require(concurrentSessions >= 1, "concurrentSessions must be >= 1");
        require(start != null, "start is required");
        require(meanGap != null && !meanGap.isNegative() && !meanGap.isZero(), "meanGap must be positive");
        require(catalogChanges != null, "catalogChanges is required (CatalogChanges.NONE for none)");
    }

    /**
     * 1,000 users, 1,000 items in 20 categories, 64 concurrent sessions, 100 ms apart from 2025-01-01, no catalog
     * changes.
     */
    public static SimulatorSettings defaults() {
        return new SimulatorSettings(42, 1_000, 1_000, 20, 64,
                Instant.parse("2025-01-01T00:00:00Z"), Duration.ofMillis(100), CatalogChanges.NONE);
    }

    public SimulatorSettings withSeed(long seed) {
        return new SimulatorSettings(seed, users, items, categories, concurrentSessions, start, meanGap, catalogChanges);
    }

    public SimulatorSettings withUsers(int users) {
        return new SimulatorSettings(seed, users, items, categories, concurrentSessions, start, meanGap, catalogChanges);
    }

    public SimulatorSettings withCatalog(int items, int categories) {
        return new SimulatorSettings(seed, users, items, categories, concurrentSessions, start, meanGap, catalogChanges);
    }

    public SimulatorSettings withTimeline(Instant start, Duration meanGap) {
        return new SimulatorSettings(seed, users, items, categories, concurrentSessions, start, meanGap, catalogChanges);
    }

    public SimulatorSettings withCatalogChanges(CatalogChanges changes) {
        return new SimulatorSettings(seed, users, items, categories, concurrentSessions, start, meanGap, changes);
    }

    private static void require(boolean condition, String message) {
        if (!condition) throw new IllegalArgumentException(message);
    }
}
