package io.streamrec.topology;

import io.streamrec.catalog.Catalog;
import io.streamrec.catalog.CatalogItem;
import io.streamrec.catalog.DecayedCounter;
import io.streamrec.catalog.Trending;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.session.Interaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each applied event in this task's trending: per item a decayed value in a changelogged store (exactly-once
 * like the sessions), and per scope (all items, each category) the best items in memory, rebuilt from that store
 * when the task starts. Every publish interval the changed scopes go out to the trending topic under
 * {@code scope#partition}; every instance reads them into its global store and merges the partitions.
 *
 * <p>Only items the model or the catalog knows are counted, so made-up item ids cannot grow the store.
 */
final class CountTrendingProcessor implements Processor<String, SessionUpdate, String, byte[]> {
    static final String STORE = "trending-items";
    /** Items of a scope a task publishes: lists take the first few dozen of the merged scope. */
    static final int PUBLISHED_ITEMS = 200;

    private final Trending trending;
    private final ModelHolder models;
    private final Duration publishInterval;
    private final SharedVersions versions;
    private final Map<String, DecayedCounter> scopes = new HashMap<>();
    private final Set<String> changed = new LinkedHashSet<>();
    private final List<String> forgettable = new ArrayList<>();
    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<String, Double> items;
    private Catalog catalog;
    private int partition;

    CountTrendingProcessor(Trending trending, ModelHolder models, Duration publishInterval, SharedVersions versions) {
        this.trending = trending;
        this.versions = versions;
        this.models = models;
        this.publishInterval = publishInterval;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.items = context.getStateStore(STORE);
        this.partition = context.taskId().partition();
        this.catalog = SharedLookups.catalog(context, versions);
        rebuild();
        context.schedule(publishInterval, PunctuationType.WALL_CLOCK_TIME, now -> publish());
    }

    /** The per-scope counters from the per-item values; items decayed to nothing are dropped at the next publish. */
    private void rebuild() {
        scopes.clear();
        forgettable.clear();
        long now = context.currentSystemTimeMs();
        try (KeyValueIterator<String, Double> all = items.all()) {
            while (all.hasNext()) {
                KeyValue<String, Double> entry = all.next();
                if (trending.negligible(entry.value, now)) {
                    forgettable.add(entry.key);
                } else {
                    offer(entry.key, entry.value, 0, categoryOf(entry.key));
                }
            }
        }
        changed.addAll(scopes.keySet());
    }

    @Override
    public void process(Record<String, SessionUpdate> record) {
        Interaction applied = record.value().applied();
        if (applied == null) {
            return;
        }
        Optional<CatalogItem> listed = catalog.get(applied.item());
        if (listed.isEmpty() && !models.current().vocabulary().contains(applied.item())) {
            return;
        }
        double log = trending.itemLog(items.get(applied.item()), applied.type(), applied.ts());
        items.put(applied.item(), log);
        offer(applied.item(), log, applied.ts(), listed.map(CatalogItem::category).orElse(null));
    }

    private String categoryOf(String item) {
        return catalog.get(item).map(CatalogItem::category).orElse(null);
    }

    private void offer(String item, double log, long ts, String category) {
        for (String scope : Trending.scopes(category)) {
            if (scopes.computeIfAbsent(scope, s -> trending.newCounter()).offer(item, log, ts)) {
                changed.add(scope);
            }
        }
    }

    private void publish() {
        forgettable.forEach(items::delete);
        forgettable.clear();
        long now = context.currentSystemTimeMs();
        for (String scope : changed) {
            context.forward(new Record<>(SharedKeys.part(scope, partition), scopes.get(scope).encode(PUBLISHED_ITEMS),
                    now));
        }
        changed.clear();
    }
}
