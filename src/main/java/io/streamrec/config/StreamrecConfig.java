package io.streamrec.config;

import io.streamrec.events.EventLimits;
import io.streamrec.ranking.RankingRules;
import io.streamrec.ranking.Surface;
import io.streamrec.scoring.Device;
import io.streamrec.scoring.InferenceOptions;
import io.streamrec.scoring.RetrievalOptions;
import io.streamrec.session.SessionBounds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * All of streamrec's settings in one typed object. Built by {@link ConfigLoader} from defaults, a properties
 * file, {@code STREAMREC_*} environment variables and command-line overrides (later wins). Every
 * {@code kafka.*} key is passed to the Kafka clients without the prefix (security settings, tuning).
 */
public record StreamrecConfig(
        String bootstrapServers,
        String applicationId,
        Path stateDir,
        String processingGuarantee,
        int streamThreads,
        Duration commitInterval,
        int standbyReplicas,
        long rocksdbMemoryBytes,
        Path modelDir,
        Device device,
        int inferenceThreads,
        boolean inferenceEnabled,
        RetrievalOptions retrieval,
        int batchMaxSize,
        Duration batchMaxDelay,
        int sessionMaxLen,
        int purchasedMax,
        Duration sessionTtl,
        int sessionExpiryStep,
        int dedupeWindow,
        Ranking ranking,
        CatalogConfig catalog,
        String recommendationsTopic,
        String dlqTopic,
        String deletionsTopic,
        int maxRecordBytes,
        int maxFieldChars,
        Duration maxFutureSkew,
        String groupInstanceId,
        String variantsSalt,
        boolean feedbackEnabled,
        Duration feedbackWindow,
        String feedbackTopic,
        String modelUpdatesTopic,
        String modelEventsTopic,
        HttpSettings http,
        Map<String, String> kafka) {

    public StreamrecConfig {
        kafka = Map.copyOf(kafka);
        positive("stream.threads", streamThreads);
        if (rocksdbMemoryBytes < 16L * 1024 * 1024) {
            throw new ConfigException("rocksdb.memory.mb must be at least 16, got " + rocksdbMemoryBytes / (1024 * 1024));
        }
        positive("inference.threads", inferenceThreads);
        positive("batch.max.size", batchMaxSize);
        positive("session.max.len", sessionMaxLen);
        positive("purchased.max", purchasedMax);
        positive("event.dedupe.window", dedupeWindow);
        positive("session.expiry.step", sessionExpiryStep);
        positive("event.max.record.bytes", maxRecordBytes);
        positive("event.max.field.chars", maxFieldChars);
        if (feedbackWindow.toMillis() < 1_000) {
            throw new ConfigException("feedback.window.ms must be at least 1000, got " + feedbackWindow.toMillis());
        }
    }

    /** Static membership (Kafka's {@code group.instance.id}): a restarted pod rejoins without a rebalance. */
    public boolean hasGroupInstanceId() {
        return groupInstanceId != null && !groupInstanceId.isBlank();
    }

    public boolean hasBootstrapServers() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    public EventLimits eventLimits() {
        return new EventLimits(maxRecordBytes, maxFieldChars, maxFutureSkew, sessionTtl);
    }

    /**
     * The global ranking rules and the lists (surfaces) each refresh writes, in order; the first is the main list.
     *
     * @param explain give every listed item its reason ({@code explain.enabled})
     */
    public record Ranking(RankingRules rules, List<Surface> surfaces, boolean explain) {
        public Ranking {
            surfaces = List.copyOf(surfaces);
            if (surfaces.isEmpty()) {
                throw new ConfigException("at least one surface is needed");
            }
        }

        /** Lists with explanations. */
        public Ranking(RankingRules rules, List<Surface> surfaces) {
            this(rules, surfaces, true);
        }
    }

    public RankingRules rankingRules() {
        return ranking.rules();
    }

    public int topK() {
        return ranking.rules().topK();
    }

    public SessionBounds sessionBounds() {
        return new SessionBounds(sessionMaxLen, purchasedMax, dedupeWindow);
    }

    public InferenceOptions inferenceOptions() {
        return new InferenceOptions(device, inferenceThreads, retrieval);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new ConfigException(key + " must be at least 1, got " + value);
        }
    }
}
