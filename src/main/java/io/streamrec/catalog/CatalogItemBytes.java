package io.streamrec.catalog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary form of a {@link CatalogItem} for the catalog store, so that the ranker's lookups (up to a few hundred per
 * user and flush) decode a few bytes instead of parsing JSON. The removal marker has a form too: a store may keep
 * it so that a removed item reads as removed, not unknown.
 *
 * <p>Layout: version (1), flags (available 1, removed 2, price 4, launched_at 8), item, category (empty when
 * removed), [price f64], [launched_at varint], attribute count, then key/value strings.
 */
public final class CatalogItemBytes {
    private static final int VERSION = 1;
    private static final int AVAILABLE = 1;
    private static final int REMOVED = 2;
    private static final int PRICE = 4;
    private static final int LAUNCHED = 8;

    private CatalogItemBytes() {
    }

    public static byte[] encode(CatalogItem item) {
        int flags = (item.available() ? AVAILABLE : 0) | (item.removed() ? REMOVED : 0)
                | (item.price() != null ? PRICE : 0) | (item.launchedAt() != null ? LAUNCHED : 0);
        Bytes.Writer out = new Bytes.Writer(32 + item.item().length() * 2).u8(VERSION).u8(flags)
                .string(item.item()).string(item.removed() ? "" : item.category());
        if (item.price() != null) out.f64(item.price());
        if (item.launchedAt() != null) out.varint(item.launchedAt());
        out.varint(item.attributes().size());
        item.attributes().forEach((k, v) -> out.string(k).string(v));
        return out.toArray();
    }

    public static CatalogItem decode(byte[] bytes) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown catalog item encoding version " + version);
        }
        int flags = in.u8();
        String item = in.string();
        String category = in.string();
        Double price = (flags & PRICE) != 0 ? in.f64() : null;
        Long launchedAt = (flags & LAUNCHED) != 0 ? in.varint() : null;
        int attributeCount = in.count();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < attributeCount; i++) {
            attributes.put(in.string(), in.string());
        }
        boolean removed = (flags & REMOVED) != 0;
        return new CatalogItem(item, removed ? null : category, (flags & AVAILABLE) != 0, price, launchedAt,
                attributes, removed);
    }
}
