package io.streamrec.topology;

import io.streamrec.config.StreamrecConfig;
import io.streamrec.events.Event;
import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;
import io.streamrec.events.Recommendation;
import io.streamrec.events.RecommendationCodec;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.ranking.Ranker;
import io.streamrec.ranking.RankingRules;
import io.streamrec.ranking.ScoredItem;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.ModelInput;
import io.streamrec.scoring.ScoreBatch;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Per event: update the user's session in RocksDB and mark the user pending. Pending users are scored together,
 * one ONNX call per batch, when the batch is full or on a short wall-clock punctuation; a user with several
 * events in a batch is scored once, on the newest state. The pending set lives in a changelogged store, so a
 * refresh owed at a crash is still made after restore (and commits atomically with the output under EOS).
 * Each list is also kept, as the exact bytes written to the topic, in a store that serves HTTP reads.
 */
final class RecommendProcessor implements Processor<String, Event, String, byte[]> {
    private final ModelHolder models;
    private final RankingRules rules;
    private final int sessionMaxLen;
    private final int purchasedMax;
    private final int dedupeWindow;
    private final int batchMaxSize;
    private final boolean inferenceEnabled;
    private final Duration batchMaxDelay;
    private final Duration sessionTtl;
    private final PipelineMetrics metrics;
    private final Clock clock;

    private ProcessorContext<String, byte[]> context;
    private UserStores stores;
    /**
     * Users owed a list: when each became pending ({@code System.nanoTime()}) and their newest state, so a flush
     * need not read and decode it again (null after a restore: then it is read from the store).
     */
    private final Map<String, Owed> pendingUsers = new LinkedHashMap<>();
    private ModelInput input;
    private SessionModel inputModel;
    private Ranker ranker;

    RecommendProcessor(StreamrecConfig config, ModelHolder models, PipelineMetrics metrics, Clock clock) {
        this.models = models;
        this.rules = config.rankingRules();
        this.sessionMaxLen = config.sessionMaxLen();
        this.purchasedMax = config.purchasedMax();
        this.dedupeWindow = config.dedupeWindow();
        this.batchMaxSize = config.batchMaxSize();
        this.inferenceEnabled = config.inferenceEnabled();
        this.batchMaxDelay = config.batchMaxDelay();
        this.sessionTtl = config.sessionTtl();
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.stores = UserStores.of(context);
        // A revived task (after an aborted transaction) re-inits the same processor: the store, restored from
        // the changelog, is the truth; entries remembered from the aborted work must not suppress pending.put.
        pendingUsers.clear();
        try (KeyValueIterator<String, Long> owed = stores.pending().all()) {
            long now = System.nanoTime();
            owed.forEachRemaining(entry -> pendingUsers.put(entry.key, new Owed(now, null)));
        }
        Duration interval = batchMaxDelay.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : batchMaxDelay;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, now -> flush());
        if (!sessionTtl.isZero()) {
            Duration scanEvery = Duration.ofMillis(Math.max(1_000, sessionTtl.toMillis() / 10));
            context.schedule(scanEvery, PunctuationType.STREAM_TIME, this::expireIdleUsers);
        }
    }

    @Override
    public void process(Record<String, Event> record) {
        Event event = record.value();
        String user = record.key();
        Long erasedAt = stores.erasures().get(user);
        if (erasedAt != null && event.ts() <= erasedAt) {
            metrics.droppedAfterErasure();
            return;
        }
        SessionState state = stores.sessions().get(user);
        if (state == null) {
            state = new SessionState();
        }
        if (event.eventId() != null) {
            if (state.hasSeenEventId(event.eventId())) {
                // Thrown before any state changes; the processing handler dead-letters the replay.
                throw new InvalidEventException(RejectReason.DUPLICATE,
                        "event_id '" + event.eventId() + "' was already applied for user '" + user + "'");
            }
            state.rememberEventId(event.eventId(), dedupeWindow);
        }
        state.record(new Interaction(event.item(), event.type(), event.ts()), sessionMaxLen, purchasedMax);
        stores.sessions().put(user, state);
        metrics.event();
        Owed owed = pendingUsers.get(user);
        if (owed != null) {
            owed.state = state;
            if (erasedAt != null) {
                // an erasure in this batch cleared the pending entry: the new history is owed a list
                stores.pending().put(user, event.ts());
            }
        } else {
            pendingUsers.put(user, new Owed(System.nanoTime(), state));
            stores.pending().put(user, event.ts());
        }
        if (pendingUsers.size() >= batchMaxSize) {
            flush();
        }
    }

    /**
     * Forgets users whose newest event is older than the TTL in event time (stream time), so the stores do not
     * grow without bound; a tombstone removes their list from the compacted output topic too.
     */
    private void expireIdleUsers(long streamTime) {
        long cutoff = streamTime - sessionTtl.toMillis();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, SessionState> all = stores.sessions().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value.newestEventTs() < cutoff) {
                    expired.add(entry.key);
                }
            });
        }
        for (String user : expired) {
            stores.forget(user);
            pendingUsers.remove(user);
            context.forward(new Record<>(user, null, streamTime));
        }
        metrics.expired(expired.size());
        forgetOldErasures(cutoff);
    }

    /** An erasure marker is needed only while events older than it can still arrive, i.e. for the TTL. */
    private void forgetOldErasures(long cutoff) {
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = stores.erasures().all()) {
            all.forEachRemaining(entry -> {
                if (entry.value < cutoff) {
                    old.add(entry.key);
                }
            });
        }
        old.forEach(stores.erasures()::delete);
    }

    /** Scores every pending user, in batches of at most {@code batchMaxSize}, and emits their lists. */
    private void flush() {
        if (pendingUsers.isEmpty()) {
            return;
        }
        SessionModel model = models.current();
        prepare(model);
        List<KeyValue<String, SessionState>> batch = new ArrayList<>(batchMaxSize);
        long now = System.nanoTime();
        for (Map.Entry<String, Owed> entry : pendingUsers.entrySet()) {
            String user = entry.getKey();
            metrics.pendingWait(now - entry.getValue().since);
            if (stores.pending().get(user) == null) {
                continue; // erased (erase-user cleared its pending entry) since the event
            }
            SessionState state = entry.getValue().state != null ? entry.getValue().state : stores.sessions().get(user);
            if (state == null) {
                continue;
            }
            if (!inferenceEnabled || input.add(state.interactions(), model.vocabulary()) == 0) {
                emit(user, state, List.of(), model, true);
                continue;
            }
            batch.add(KeyValue.pair(user, state));
            if (input.isFull()) {
                scoreAndEmit(batch, model);
            }
        }
        if (!batch.isEmpty()) {
            scoreAndEmit(batch, model);
        }
        for (String user : pendingUsers.keySet()) {
            stores.pending().delete(user);
        }
        pendingUsers.clear();
    }

    private void prepare(SessionModel model) {
        if (model != inputModel) {
            input = new ModelInput(batchMaxSize, model.maxLen());
            ranker = new Ranker(rules, model.manifest().popularItems());
            inputModel = model;
        }
        input.clear();
    }

    private void scoreAndEmit(List<KeyValue<String, SessionState>> batch, SessionModel model) {
        long start = System.nanoTime();
        ScoreBatch scores = model.score(input);
        metrics.inference(scores.rows(), System.nanoTime() - start);
        for (int row = 0; row < batch.size(); row++) {
            KeyValue<String, SessionState> entry = batch.get(row);
            entry.value.sessionVector(scores.sessionVector(row));
            emit(entry.key, entry.value, scores.candidates(row, model.vocabulary()), model, false);
        }
        batch.clear();
        input.clear();
    }

    private void emit(String user, SessionState state, List<ScoredItem> candidates, SessionModel model,
                      boolean coldStart) {
        Interaction last = state.last();
        List<ScoredItem> items = ranker.rank(candidates, state.purchased(), last == null ? null : last.item());
        long now = clock.millis();
        Recommendation rec = new Recommendation(user, items, model.version(), now,
                state.newestEventTs(), state.nextSeq(), coldStart);
        stores.sessions().put(user, state);
        metrics.recommendation(coldStart, now - state.newestEventTs());
        byte[] json = RecommendationCodec.write(rec);
        stores.latest().put(user, json);
        context.forward(new Record<>(user, json, state.newestEventTs()));
    }

    private static final class Owed {
        final long since;
        SessionState state;

        Owed(long since, SessionState state) {
            this.since = since;
            this.state = state;
        }
    }
}
