package io.streamrec.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.ranking.RecommendationCodec;
import io.streamrec.session.Interaction;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.Population;
import io.streamrec.variants.RankCounts;
import io.streamrec.variants.ShownList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per applied event: where its item stood in the list the user was last sent (the latest-list store, read before
 * refresh-lists replaces it), per variant, model version, event type and population.
 * <ul>
 *   <li>Live figures: {@link OnlineFeedback} ({@code /variants}) and the Prometheus counters, this instance's since it
 *       started (a replay after a crash may count an event twice there).</li>
 *   <li>Windowed, exactly-once: counts per event-time window in a changelogged store; once stream time passes a
 *       window's end by {@code grace}, its counts go to {@code recommendation-metrics} in the same transaction as the
 *       store's deletion. Each record is this task's share: add up records with the same window and key fields.</li>
 * </ul>
 */
final class RecordFeedbackProcessor implements Processor<String, SessionUpdate, String, byte[]> {
    static final String STORE = "feedback-windows";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OnlineFeedback feedback;
    private final PipelineMetrics metrics;
    private final long windowMs;
    private final long graceMs;
    private final int k;
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, byte[]> latest;
    private KeyValueStore<String, byte[]> windows;

    RecordFeedbackProcessor(OnlineFeedback feedback, PipelineMetrics metrics, Duration window, int k) {
        this.feedback = feedback;
        this.metrics = metrics;
        this.windowMs = window.toMillis();
        this.graceMs = Math.min(window.toMillis(), 10_000);
        this.k = k;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        latest = context.getStateStore(RecommenderTopology.LATEST_STORE);
        windows = context.getStateStore(STORE);
        context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, now -> emitClosed());
    }

    @Override
    public void process(Record<String, SessionUpdate> record) {
        Interaction applied = record.value().applied();
        byte[] sent = applied == null ? null : latest.get(record.key());
        if (sent == null) {
            return;
        }
        RecommendationCodec.Shown list = RecommendationCodec.readShown(sent);
        ShownList shown = new ShownList(list.variant(), list.model(), list.items(), list.eventTs());
        boolean newItem = OnlineFeedback.newToUser(shown, applied.item(), record.value().state().interactions());
        int rank = feedback.record(shown, applied.type(), applied.item(), applied.ts(), newItem);
        if (rank >= 0) {
            count(shown, applied, Population.ALL, rank);
            if (newItem) {
                count(shown, applied, Population.NEW_ITEM, rank);
            }
        }
    }

    private void count(ShownList shown, Interaction applied, Population population, int rank) {
        metrics.feedback(shown.variant(), applied.type().wireName(), population.wireName(), rank);
        long windowStart = Math.floorDiv(applied.ts(), windowMs) * windowMs;
        String key = String.join("|", zeroPadded(windowStart), shown.variant(), shown.version(),
                applied.type().wireName(), population.wireName());
        byte[] stored = windows.get(key);
        RankCounts counts = stored == null ? RankCounts.empty(k) : RankCounts.decode(stored);
        windows.put(key, counts.plus(rank).encode());
    }

    /** 15 digits, so keys sort by window start (String.format costs more than the rest of the count). */
    static String zeroPadded(long windowStart) {
        String digits = Long.toString(windowStart);
        return digits.length() >= 15 ? digits : "0".repeat(15 - digits.length()) + digits;
    }

    /** Sends and forgets the windows that ended more than the grace period before stream time. */
    private void emitClosed() {
        long streamTime = context.currentStreamTimeMs();
        List<KeyValue<String, byte[]>> closed = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> all = windows.all()) {
            while (all.hasNext()) {
                KeyValue<String, byte[]> entry = all.next();
                long start = Long.parseLong(entry.key.substring(0, entry.key.indexOf('|')));
                if (start + windowMs + graceMs > streamTime) {
                    break; // keys sort by window start
                }
                closed.add(entry);
            }
        }
        for (KeyValue<String, byte[]> entry : closed) {
            String[] parts = entry.key.split("\\|", -1);
            long start = Long.parseLong(parts[0]);
            RankCounts c = RankCounts.decode(entry.value);
            double events = Math.max(1, c.events());
            ObjectNode summary = JSON.createObjectNode().put("window_start", start).put("window_end", start + windowMs)
                    .put("variant", parts[1]).put("version", parts[2]).put("type", parts[3]).put("population", parts[4])
                    .put("partition", context.taskId().partition()).put("k", k).put("events", c.events())
                    .put("hits", c.hits(k)).put("hit_rate", c.hits(k) / events)
                    .put("mrr", c.reciprocalRankSum(k) / events).put("ndcg", c.dcgSum(k) / events);
            try {
                context.forward(new Record<>(parts[1], JSON.writeValueAsBytes(summary),
                        Math.min(start + windowMs, context.currentSystemTimeMs())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            windows.delete(entry.key);
        }
    }
}
