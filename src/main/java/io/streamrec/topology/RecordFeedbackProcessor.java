package io.streamrec.topology;

import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.ranking.Recommendation;
import io.streamrec.ranking.RecommendationCodec;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.session.Interaction;
import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.Population;
import io.streamrec.variants.ShownList;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per applied event: where its item stood in the list the user was last sent (the latest-list store, read before
 * refresh-lists replaces it), counted per variant, model version and event type in {@link OnlineFeedback} and the
 * Prometheus counters. Counts are this instance's since it started (a replay after a crash may count an event twice).
 */
final class RecordFeedbackProcessor implements Processor<String, SessionUpdate, Void, Void> {
    private final OnlineFeedback feedback;
    private final PipelineMetrics metrics;
    private KeyValueStore<String, byte[]> latest;

    RecordFeedbackProcessor(OnlineFeedback feedback, PipelineMetrics metrics) {
        this.feedback = feedback;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        latest = context.getStateStore(RecommenderTopology.LATEST_STORE);
    }

    @Override
    public void process(Record<String, SessionUpdate> record) {
        Interaction applied = record.value().applied();
        byte[] sent = applied == null ? null : latest.get(record.key());
        if (sent == null) {
            return;
        }
        Recommendation list = RecommendationCodec.read(sent);
        ShownList shown = new ShownList(list.variant(), list.model(),
                list.items().stream().map(ScoredItem::item).toList(), list.eventTs());
        int rank = feedback.record(shown, applied.type(), applied.item(), applied.ts(),
                record.value().state().interactions());
        if (rank >= 0) {
            metrics.feedback(shown.variant(), applied.type().wireName(), Population.ALL.wireName(), rank);
            if (OnlineFeedback.newToUser(shown, applied.item(), record.value().state().interactions())) {
                metrics.feedback(shown.variant(), applied.type().wireName(), Population.NEW_ITEM.wireName(), rank);
            }
        }
    }
}
