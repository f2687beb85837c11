package io.streamrec.topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys of the shared-state topics: each task publishes its own part of a value under {@code key#partition}, and a
 * reader combines the parts of all partitions.
 */
final class SharedKeys {
    private SharedKeys() {
    }

    static String part(String key, int partition) {
        return key + "#" + partition;
    }

    /** The parts of {@code key} found in {@code store}, one per partition that published one. */
    static List<byte[]> parts(java.util.function.Function<String, byte[]> store, String key, int partitions) {
        List<byte[]> parts = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            byte[] part = store.apply(part(key, p));
            if (part != null) {
                parts.add(part);
            }
        }
        return parts;
    }
}
