package io.streamrec.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Typed readings of setting values, each failing with a message that names the key. */
final class ConfigValues {
    private ConfigValues() {
    }

    static int integer(Map<String, String> v, String key) {
        try {
            return Integer.parseInt(v.get(key).trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be an integer, got '" + v.get(key) + "'");
        }
    }

    static Duration millis(Map<String, String> v, String key) {
        try {
            long ms = Long.parseLong(v.get(key).trim());
            if (ms < 0) {
                throw new ConfigException(key + " must not be negative, got " + ms);
            }
            return Duration.ofMillis(ms);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be milliseconds, got '" + v.get(key) + "'");
        }
    }

    static boolean bool(Map<String, String> v, String key) {
        String value = v.get(key).trim().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(key + " must be true or false, got '" + v.get(key) + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
