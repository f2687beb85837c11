package io.streamrec.topology;

import io.streamrec.config.CatalogConfig;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.catalog.TrendingLookup;
import io.streamrec.explain.Explainer;
import io.streamrec.ranking.Lookups;
import io.streamrec.ranking.RankRequest;
import io.streamrec.ranking.Ranker;
import io.streamrec.ranking.Recommendation;
import io.streamrec.ranking.RecommendationCodec;
import io.streamrec.ranking.Surface;
import io.streamrec.scoring.BatchScorer;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.scoring.ScoredItem;
import io.streamrec.scoring.SessionModel;
import io.streamrec.session.SessionState;
import io.streamrec.variants.ServedVariant;
import io.streamrec.variants.VariantKind;
import io.streamrec.variants.VariantModels;
import io.streamrec.variants.VariantSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Marks each updated user pending; pending users are scored together when the batch is full or on a short
 * wall-clock punctuation, so a user with several events in a batch is scored once, on the newest state. Each list is
 * ranked, explained (unless {@code explain.enabled=false}), kept (the exact bytes written to the topic, for HTTP
 * reads) and emitted. A null session means the user
 * was forgotten: the list becomes a tombstone. The tasks of one stream thread score together ({@link ThreadBatch}).
 */
final class RefreshListsProcessor implements Processor<String, SessionUpdate, String, byte[]>, ThreadBatch.Member {
    private static final BatchScorer.Scored UNSCORED = new BatchScorer.Scored(List.of(), null);
    private final ModelHolder models;
    private final VariantModels variants;
    private final StreamrecConfig.Ranking ranking;
    private final CatalogConfig catalog;
    private final int partitions;
    private final SharedVersions versions;
    private final int batchMaxSize;
    private final Duration batchMaxDelay;
    private final BatchScorer scorer;
    private final PipelineMetrics metrics;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;
    private UserStores stores;
    private PendingUsers pending;
    private SharedLookups shared;
    private ThreadBatch threadBatch;
    private volatile Thread thread;
    private final Map<SessionModel, Ranker> rankers = new IdentityHashMap<>();

    /**
     * @param models   the model the instance started with: popular items and vocabulary for variants without a model
     * @param variants the variants; each batch scores every user with the variant's model (or none)
     */
    RefreshListsProcessor(ModelHolder models, VariantModels variants, StreamrecConfig.Ranking ranking, CatalogConfig catalog, int partitions,
                          SharedVersions versions, BatchScorer scorer, int batchMaxSize, Duration batchMaxDelay, PipelineMetrics metrics,
                          Clock clock) {
        this.models = models;
        this.variants = variants;
        this.ranking = ranking;
        this.catalog = catalog;
        this.partitions = partitions;
        this.versions = versions;
        this.scorer = scorer;
        this.batchMaxSize = batchMaxSize;
        this.batchMaxDelay = batchMaxDelay;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.stores = UserStores.of(context);
        this.pending = new PendingUsers(stores.pending());
        this.shared = catalog.enabled() ? new SharedLookups(context, partitions, catalog.trending(),
                catalog.coPurchaseMinCount(), versions) : null;
        pending.restore();
        Duration interval = batchMaxDelay.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : batchMaxDelay;
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    /** A new round when due; else, if the last round scored some of this task's users, those users' lists. */
    private void punctuate(long now) {
        if (pending.size() == 0) {
            return;
        }
        joinThisThread();
        if (threadBatch.roundDue(now, batchMaxDelay.toMillis())) {
            flush(pending.drain(), now);
        } else if (threadBatch.claimScoredFor(this)) {
            flush(pending.drain(owed -> owed.state() != null && threadBatch.isKept(owed.state())), now);
        }
    }

    @Override
    public void process(Record<String, SessionUpdate> record) {
        joinThisThread();
        if (record.value().isForgotten()) {
            pending.forget(record.key());
            context.forward(new Record<String, byte[]>(record.key(), null, Math.min(record.timestamp(), clock.millis())));
            return;
        }
        pending.mark(record.key(), record.value().state(), record.timestamp());
        if (pending.size() >= batchMaxSize) {
            flush(pending.drain(), context.currentSystemTimeMs());
        }
    }

    /** Scores (or takes the kept results of), ranks and emits {@code owed}, no longer pending. */
    private void flush(List<PendingUsers.Owed> owed, long nowMs) {
        List<String> users = new ArrayList<>();
        List<SessionState> states = new ArrayList<>();
        long now = System.nanoTime();
        for (PendingUsers.Owed o : owed) {
            metrics.pendingWait(now - o.sinceNanos());
            SessionState state = o.state() != null ? o.state() : stores.sessions().get(o.user());
            if (state != null) {
                users.add(o.user());
                states.add(state);
            }
        }
        try (VariantSnapshot batch = variants.snapshot()) {
            Map<ServedVariant, List<Integer>> byVariant = new LinkedHashMap<>();
            for (int i = 0; i < users.size(); i++) {
                byVariant.computeIfAbsent(batch.variantOf(users.get(i)), v -> new ArrayList<>()).add(i);
            }
            byVariant.forEach((variant, members) -> {
                List<SessionState> group = members.stream().map(states::get).toList();
                List<BatchScorer.Scored> scored = variant.isModel()
                        ? threadBatch.score(this, scorer, variant.model(), group, batch, nowMs) : null;
                SessionModel model = variant.isModel() ? variant.model() : models.current();
                Lookups lookups = lookups(variant, model);
                for (int j = 0; j < members.size(); j++) {
                    emit(users.get(members.get(j)), group.get(j), scored == null ? UNSCORED : scored.get(j),
                            variant, model, lookups);
                }
            });
        }
    }

    /** The thread that processes this task now (a task is processed by one thread at a time). */
    private void joinThisThread() {
        Thread current = Thread.currentThread();
        if (current != thread) {
            if (threadBatch != null) {
                threadBatch.leave(this);
            }
            threadBatch = ThreadBatch.ofThisThread();
            threadBatch.join(this);
            thread = current;
        }
    }

    @Override
    public List<SessionState> owed(SessionModel model, VariantSnapshot variants) {
        if (Thread.currentThread() != thread) {
            return List.of();
        }
        List<SessionState> owed = new ArrayList<>();
        for (PendingUsers.Owed o : pending.owed()) {
            if (o.state() != null) {
                ServedVariant variant = variants.variantOf(o.user());
                if (variant.isModel() && variant.model() == model) {
                    owed.add(o.state());
                }
            }
        }
        return owed;
    }

    @Override
    public void close() {
        if (threadBatch != null) {
            threadBatch.leave(this);
        }
    }

    /** A {@code popular} variant ranks without trending; the others with everything the catalog offers. */
    private Lookups lookups(ServedVariant variant, SessionModel model) {
        if (shared == null) {
            return Lookups.NONE;
        }
        Lookups all = shared.lookups(model);
        return variant.kind() == VariantKind.POPULAR
                ? new Lookups(all.catalog(), TrendingLookup.NONE, all.coPurchases(), all.modelKnows()) : all;
    }

    private void emit(String user, SessionState state, BatchScorer.Scored scored, ServedVariant variant,
                      SessionModel model, Lookups lookups) {
        boolean cold = variant.isModel() && scored.coldStart();
        if (!scored.coldStart()) {
            state.sessionVector(scored.vector());
        }
        RankRequest request = RankRequest.of(scored.candidates(), cold, state);
        Map<String, List<ScoredItem>> lists = rankerFor(model).rank(request, lookups, ranking.surfaces());
        if (ranking.explain()) {
            lists = Explainer.of(model).explain(lists, request, ranking.surfaces(), lookups.catalog());
        }
        long now = clock.millis();
        List<ScoredItem> main = lists.values().iterator().next();
        Recommendation rec = new Recommendation(user, main, variant.version(), now, state.newestEventTs(),
                state.nextSeq(now), cold, namedSurfaces(lists), variant.name());
        stores.sessions().put(user, state);
        metrics.recommendation(scored.coldStart(), now - state.newestEventTs());
        byte[] json = RecommendationCodec.write(rec);
        stores.latest().put(user, json);
        // An event may be stamped ahead of the clock; a write stamped ahead of the broker's limit would fail.
        context.forward(new Record<>(user, json, Math.min(state.newestEventTs(), now)));
    }

    /** The lists by surface when surfaces are configured; none when there is only the default list. */
    private static Map<String, List<ScoredItem>> namedSurfaces(Map<String, List<ScoredItem>> lists) {
        return lists.size() == 1 && lists.containsKey(Surface.DEFAULT_NAME) ? Map.of() : lists;
    }

    /** A ranker per model (its popular items are the last fallback), kept while the model serves. */
    private Ranker rankerFor(SessionModel model) {
        Ranker ranker = rankers.get(model);
        if (ranker == null) {
            if (rankers.size() >= 8) {
                rankers.clear();
            }
            ranker = new Ranker(ranking.rules(), model.manifest().popularItems());
            rankers.put(model, ranker);
        }
        return ranker;
    }
}
