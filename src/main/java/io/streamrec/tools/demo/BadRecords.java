package io.streamrec.tools.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A rotation of malformed inputs the demo injects, so the dead-letter path is visible. */
final class BadRecords {
    private static final List<String> SAMPLES = List.of(
            "this is not json",
            "{\"user\":\"u1\",\"item\":\"sku-1\",\"type\":\"wishlist\",\"ts\":%d}",
            "{\"item\":\"sku-1\",\"type\":\"click\",\"ts\":%d}",
            "{\"user\":\"u1\",\"item\":\"sku-1\",\"type\":\"click\",\"ts\":-1}",
            "[\"wrong\",\"shape\",%d]");

    private BadRecords() {
    }

    static byte[] sample(int i, long now) {
        return String.format(SAMPLES.get(i % SAMPLES.size()), now).getBytes(StandardCharsets.UTF_8);
    }
}
