package io.streamrec.config;

import static io.streamrec.config.ConfigValues.bool;
import static io.streamrec.config.ConfigValues.integer;
import static io.streamrec.config.ConfigValues.millis;

import io.streamrec.catalog.CatalogSettings;
import io.streamrec.ranking.RankingSettings;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.RetrievalOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a {@link StreamrecConfig}: defaults, then a properties file, then environment variables, then explicit
 * overrides. An environment variable {@code STREAMREC_BATCH_MAX_SIZE} sets {@code batch.max.size};
 * {@code STREAMREC_KAFKA_SASL_MECHANISM} sets {@code kafka.sasl.mechanism}. Unknown keys are refused so typos
 * surface at start-up.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "STREAMREC_";
    public static final String KAFKA_PREFIX = "kafka.";
    /** Read by logback.xml, not a setting of ours. */
    static final String LOG_LEVEL_ENV = "STREAMREC_LOG_LEVEL";

    /** Every key and its default ("" means unset). */
    public static final Map<String, String> DEFAULTS = ConfigDefaults.ALL;

    private ConfigLoader() {
    }

    /** Loads {@code file} (if not null), the process environment and {@code overrides}. */
    public static StreamrecConfig load(Path file, Map<String, String> overrides) {
        return load(file, System.getenv(), overrides);
    }

    public static StreamrecConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>(DEFAULTS);
        if (file != null) {
            putAll(values, readProperties(file), "file " + file);
        }
        putAll(values, fromEnvironment(env), "environment");
        putAll(values, overrides, "overrides");
        return build(values, env);
    }

    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals(LOG_LEVEL_ENV)) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return values;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        return values;
    }

    private static void putAll(Map<String, String> values, Map<String, String> source, String origin) {
        source.forEach((key, value) -> {
            if (!DEFAULTS.containsKey(key) && !key.startsWith(KAFKA_PREFIX)
                    && !key.startsWith(RankingSettings.SURFACE_PREFIX)) {
                throw new ConfigException("unknown setting '" + key + "' from " + origin
                        + "; known settings: " + new java.util.TreeSet<>(DEFAULTS.keySet()) + ", surface.* and kafka.*");
            }
            values.put(key, value);
        });
    }

    private static StreamrecConfig build(Map<String, String> v, Map<String, String> env) {
        Map<String, String> kafka = new TreeMap<>();
        v.forEach((key, value) -> {
            if (key.startsWith(KAFKA_PREFIX)) {
                kafka.put(key.substring(KAFKA_PREFIX.length()), value);
            }
        });
        String guarantee = v.get("processing.guarantee");
        if (!Set.of("exactly_once_v2", "at_least_once").contains(guarantee)) {
            throw new ConfigException("processing.guarantee must be exactly_once_v2 or at_least_once, got " + guarantee);
        }
        Device device;
        try {
            device = Device.parse(v.get("device"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new StreamrecConfig(
                v.get("bootstrap.servers"),
                v.get("application.id"),
                Path.of(v.get("state.dir")),
                guarantee,
                integer(v, "stream.threads"),
                millis(v, "commit.interval.ms"),
                integer(v, "standby.replicas"),
                integer(v, "rocksdb.memory.mb") * 1024L * 1024L,
                Path.of(v.get("model.dir")),
                device,
                integer(v, "inference.threads"),
                bool(v, "inference.enabled"),
                retrieval(v),
                integer(v, "batch.max.size"),
                millis(v, "batch.max.delay.ms"),
                integer(v, "session.max.len"),
                integer(v, "purchased.max"),
                millis(v, "session.ttl.ms"),
                integer(v, "session.expiry.step"),
                integer(v, "event.dedupe.window"),
                ranking(v),
                catalog(v),
                v.get("recommendations.topic"),
                v.get("dlq.topic"),
                v.get("deletions.topic"),
                integer(v, "event.max.record.bytes"),
                integer(v, "event.max.field.chars"),
                millis(v, "event.max.future.ms"),
                v.get("group.instance.id"),
                v.get("variants.salt"),
                bool(v, "feedback.enabled"),
                millis(v, "feedback.window.ms"),
                v.get("feedback.topic"),
                v.get("model.updates.topic"),
                v.get("model.events.topic"),
                http(v, env),
                kafka);
    }

    /** The global ranking rules and the surfaces (one default surface unless {@code surfaces} names some). */
    private static RetrievalOptions retrieval(Map<String, String> v) {
        try {
            return new RetrievalOptions(RetrievalOptions.Mode.parse(v.get("scoring.retrieval")),
                    integer(v, "scoring.retrieval.auto.min.items"), integer(v, "scoring.ann.candidates"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static StreamrecConfig.Ranking ranking(Map<String, String> v) {
        try {
            return new StreamrecConfig.Ranking(RankingSettings.rules(v), RankingSettings.surfaces(v),
                    bool(v, "explain.enabled"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static CatalogConfig catalog(Map<String, String> v) {
        try {
            return new CatalogConfig(bool(v, "catalog.enabled"), CatalogSettings.topic(v), CatalogSettings.codec(v, integer(v, "event.max.field.chars")),
                    CatalogSettings.trending(v), CatalogSettings.coPurchase(v), CatalogSettings.coPurchaseMinCount(v),
                    millis(v, "trending.publish.interval.ms"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The http.* keys; an empty {@code http.advertised.host} is detected ({@link AdvertisedHost}). */
    private static HttpSettings http(Map<String, String> v, Map<String, String> env) {
        String advertised = v.get("http.advertised.host").trim();
        return new HttpSettings(integer(v, "http.port"),
                advertised.isEmpty() ? AdvertisedHost.detect(env) : advertised,
                v.get("http.auth.token"), v.get("http.forward.token"), bool(v, "http.trusted.network"),
                integer(v, "http.max.requests.per.second"), integer(v, "http.threads"), integer(v, "http.api.threads"),
                integer(v, "http.api.queue"), millis(v, "http.header.timeout.ms"), millis(v, "http.idle.timeout.ms"),
                millis(v, "http.request.timeout.ms"), bool(v, "http.page.enabled"));
    }
}
