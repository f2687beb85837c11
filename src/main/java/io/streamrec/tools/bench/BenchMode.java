package io.streamrec.tools.bench;

import java.util.Map;

/** What one bench configuration runs on the shared backlog. */
public enum BenchMode {
    /** A bare kafka-clients consume → parse → produce loop: the broker and client limit of this machine. */
    CLIENT_LOOP("client-loop", Map.of()),
    /** The real topology (state, pending set, output, EOS) with the model switched off. */
    PASSTHROUGH("passthrough", Map.of("inference.enabled", "false")),
    /** The real topology scoring every event alone. */
    SCORED_UNBATCHED("scored-unbatched", Map.of("batch.max.size", "1")),
    /** The real topology as shipped: batched inference. */
    SCORED("scored", Map.of());

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
        throw new IllegalArgumentException("unknown bench mode '" + label + "'; expected client-loop, passthrough, "
                + "scored-unbatched or scored");
    }
}
