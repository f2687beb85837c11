package io.streamrec.catalog;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of the catalog, trending and co-purchase counting, from flat {@code key=value} settings (a missing
 * key takes its {@link #DEFAULTS default}; a bad value fails with {@link IllegalArgumentException} naming the key).
 */
public final class CatalogSettings {
    /** Every key with its default, in README order. */
    public static final Map<String, String> DEFAULTS = defaults();

    private CatalogSettings() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("catalog.topic", "items");
        d.put("catalog.max.record.bytes", String.valueOf(CatalogCodec.DEFAULT_MAX_RECORD_BYTES));
        d.put("trending.half.life.ms", "3600000");
        d.put("trending.max.items", "1000");
        d.put("trending.weight.click", "1");
        d.put("trending.weight.cart", "3");
        d.put("trending.weight.purchase", "5");
        d.put("copurchase.window.ms", "86400000");
        d.put("copurchase.max.partners", "50");
        d.put("copurchase.min.count", "2");
        return Collections.unmodifiableMap(d);
    }

    public static String topic(Map<String, String> settings) {
        return reader(settings).text("catalog.topic");
    }

    public static CatalogCodec codec(Map<String, String> settings, int maxFieldChars) {
        return new CatalogCodec(reader(settings).integer("catalog.max.record.bytes", 1), maxFieldChars);
    }

    public static Trending trending(Map<String, String> settings) {
        SettingReader read = reader(settings);
        return new Trending(Duration.ofMillis(read.longInteger("trending.half.life.ms", 1)),
                read.integer("trending.max.items", 1),
                new Trending.Weights(weight(read, "click"), weight(read, "cart"), weight(read, "purchase")));
    }

    public static CoPurchase coPurchase(Map<String, String> settings) {
        SettingReader read = reader(settings);
        return new CoPurchase(Duration.ofMillis(read.longInteger("copurchase.window.ms", 0)),
                read.integer("copurchase.max.partners", 1));
    }

    /** A partner must have been bought with the item this many times for sure to count as its complement. */
    public static int coPurchaseMinCount(Map<String, String> settings) {
        return reader(settings).integer("copurchase.min.count", 1);
    }

    private static double weight(SettingReader read, String type) {
        return read.decimal("trending.weight." + type, 0, Double.MAX_VALUE, true);
    }

    private static SettingReader reader(Map<String, String> settings) {
        return new SettingReader(settings, DEFAULTS);
    }
}
