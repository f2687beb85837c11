package io.streamrec.tools.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** What one bench configuration runs, each in its own JVM. */
public enum BenchMode {
    /** {@link MinimalStreamsApp}: exactly-once Kafka Streams with one counter per user, the floor. */
    MINIMAL("minimal", Map.of()),
    /** The real topology (state, pending set, output, exactly-once) with the model switched off. */
    PASSTHROUGH("passthrough", Map.of("inference.enabled", "false")),
    /** The real topology scoring every event alone. */
    SCORED_UNBATCHED("scored-unbatched", Map.of("batch.max.size", "1")),
    /** The real topology as shipped: batched inference. */
    SCORED("scored", Map.of()),
    /** As shipped without the catalog, trending and co-purchases: what they cost. */
    SCORED_NO_CATALOG("scored-no-catalog", Map.of("catalog.enabled", "false")),
    /** As shipped without explanations: what they cost. */
    SCORED_NO_EXPLAIN("scored-no-explain", Map.of("explain.enabled", "false"));

    private final String label;
    private final Map<String, String> settings;

    BenchMode(String label, Map<String, String> settings) {
        this.label = label;
        this.settings = settings;
    }

    public String label() {
        return label;
    }

    /** Settings this mode changes on top of the app's configuration. */
    Map<String, String> settings() {
        return settings;
    }

    public static BenchMode parse(String label) {
        for (BenchMode mode : values()) {
            if (mode.label.equals(label)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown bench mode '" + label + "'; expected one of "
                + Arrays.stream(values()).map(BenchMode::label).collect(Collectors.joining(", ")));
    }
}
