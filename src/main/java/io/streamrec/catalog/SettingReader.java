package io.streamrec.catalog;

import java.util.Map;

/**
 * Typed reading of flat {@code key=value} settings for the catalog and ranking rules: a key missing from the
 * settings takes its default; a bad value fails with {@link IllegalArgumentException} naming the key and the value.
 */
public final class SettingReader {
    private final Map<String, String> settings;
    private final Map<String, String> defaults;

    public SettingReader(Map<String, String> settings, Map<String, String> defaults) {
        this.settings = settings;
        this.defaults = defaults;
    }

    /** The value, stripped, or the default; null when neither has it. */
    public String text(String key) {
        String value = settings.get(key);
        return value != null ? value.strip() : defaults.get(key);
    }

    public int integer(String key, int min) {
        long value = longInteger(key, min);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + " must be at most " + Integer.MAX_VALUE + ", got " + value);
        }
        return (int) value;
    }

    public long longInteger(String key, long min) {
        String value = text(key);
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be an integer of at least " + min + ", got '" + value + "'");
    }

    /** A finite number of at least {@code min} (above it when {@code exclusiveMin}) and at most {@code max}. */
    public double decimal(String key, double min, double max, boolean exclusiveMin) {
        String value = text(key);
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isFinite(parsed) && (exclusiveMin ? parsed > min : parsed >= min) && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException | NullPointerException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a number " + (exclusiveMin ? "above " : "of at least ")
                + min + (max < Double.MAX_VALUE ? " and at most " + max : "") + ", got '" + value + "'");
    }

    public boolean bool(String key) {
        String value = text(key);
        if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
            return Boolean.parseBoolean(value);
        }
        throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }
}
