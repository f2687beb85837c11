package io.streamrec.config;

import io.streamrec.catalog.CatalogSettings;
import io.streamrec.ranking.RankingSettings;
import io.streamrec.scoring.RetrievalOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** Every setting and its default ("" means unset); README's configuration table documents them. */
final class ConfigDefaults {
    static final Map<String, String> ALL = defaults();

    private ConfigDefaults() {
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        d.put("bootstrap.servers", "");
        d.put("application.id", "streamrec");
        d.put("state.dir", System.getProperty("java.io.tmpdir") + "/streamrec-state");
        d.put("processing.guarantee", "exactly_once_v2");
        d.put("stream.threads", "2");
        d.put("commit.interval.ms", "20");
        d.put("standby.replicas", "0");
        d.put("rocksdb.memory.mb", "256");
        d.put("model.dir", Path.of(System.getProperty("streamrec.home", "."), "streams-app", "model").toString());
        d.put("device", "auto");
        d.put("inference.threads", "1");
        d.put("inference.enabled", "true");
        d.put("scoring.retrieval", "auto");
        d.put("scoring.retrieval.auto.min.items", String.valueOf(RetrievalOptions.DEFAULT_AUTO_MIN_ITEMS));
        d.put("scoring.ann.candidates", String.valueOf(RetrievalOptions.DEFAULT_CANDIDATES));
        d.put("batch.max.size", "32");
        d.put("batch.max.delay.ms", "5");
        d.put("session.max.len", "50");
        d.put("purchased.max", "100");
        d.put("session.ttl.ms", "2592000000");
        d.put("session.expiry.step", "10000");
        d.put("event.dedupe.window", "64");
        d.putAll(RankingSettings.DEFAULTS);
        d.put("explain.enabled", "true");
        d.putAll(CatalogSettings.DEFAULTS);
        d.put("trending.publish.interval.ms", "1000");
        d.put("catalog.enabled", "true");
        d.put("variants.salt", "streamrec");
        d.put("feedback.enabled", "true");
        d.put("feedback.window.ms", "60000");
        d.put("feedback.topic", "recommendation-metrics");
        d.put("model.updates.topic", "model-updates");
        d.put("model.events.topic", "model-events");
        d.put("recommendations.topic", "recommendations");
        d.put("dlq.topic", "streamrec.dlq");
        d.put("deletions.topic", "user-deletions");
        d.put("event.max.record.bytes", "16384");
        d.put("event.max.field.chars", "256");
        d.put("event.max.future.ms", "3600000");
        d.put("group.instance.id", "");
        d.put("http.port", "8080");
        d.put("http.advertised.host", "");
        d.put("http.auth.token", "");
        d.put("http.forward.token", "");
        d.put("http.trusted.network", "false");
        d.put("http.max.requests.per.second", "1000");
        d.put("http.threads", "16");
        d.put("http.api.threads", "8");
        d.put("http.api.queue", "64");
        d.put("http.header.timeout.ms", "10000");
        d.put("http.idle.timeout.ms", "30000");
        d.put("http.request.timeout.ms", "10000");
        d.put("http.page.enabled", "true");
        return Map.copyOf(d);
    }
}
