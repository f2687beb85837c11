package io.streamrec.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code streamrec bench --catalogs ...}: the capacity run once per catalog (model directory), each with its own
 * {@link CapacityReport}, plus the fast path's recall@10 on each catalog's model; the figures side by side and the
 * ratio of each catalog's max sustained rate to the first (smallest) catalog's.
 */
public final class CatalogReport {
    /** One catalog's run. {@code recall}: null when not measured. */
    public record Entry(String label, String modelDir, int items, String retrieval, RetrievalRecall.Result recall,
                        CapacityReport capacity) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public void add(Entry entry) {
        entries.add(entry);
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Every configuration run in any catalog, in the order first seen. */
    private List<BenchMode> modes() {
        List<BenchMode> modes = new ArrayList<>();
        for (Entry e : entries) {
            for (BenchMode m : e.capacity().plan().modes()) {
                if (!modes.contains(m)) {
                    modes.add(m);
                }
            }
        }
        return modes;
    }

    /** {@code entry}'s max sustained rate of {@code mode} over the first catalog's; NaN when undefined. */
    public double overFirst(Entry entry, BenchMode mode, boolean keepingUp) {
        Entry first = entries.get(0);
        double base = keepingUp ? first.capacity().maxKeepingUp(mode) : first.capacity().maxSustained(mode);
        double value = keepingUp ? entry.capacity().maxKeepingUp(mode) : entry.capacity().maxSustained(mode);
        return base > 0 ? value / base : Double.NaN;
    }

    public String table() {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            text.append(String.format(Locale.ROOT, "%n=== catalog %s: %,d items (%s), %s ===%n", e.label(), e.items(),
                    e.modelDir(), e.retrieval()));
            text.append(e.capacity().table());
        }
        text.append(String.format(Locale.ROOT, "%nper catalog: max sustained events/s (keeping up), ratio to %s "
                + "(keeping up)%n", entries.isEmpty() ? "-" : entries.get(0).label()));
        text.append(String.format(Locale.ROOT, "%-8s %10s  %-18s", "catalog", "items", "configuration"));
        text.append(String.format(Locale.ROOT, " %10s %10s %8s %8s  %9s  %s%n", "sustained", "keeping_up",
                "ratio", "ratio_ku", "recall@10", "retrieval"));
        for (Entry e : entries) {
            for (BenchMode mode : modes()) {
                if (!e.capacity().steps().containsKey(mode)) {
                    continue;
                }
                text.append(String.format(Locale.ROOT, "%-8s %,10d  %-18s %10.0f %10.0f %8.2f %8.2f  %9s  %s%n",
                        e.label(), e.items(), mode.label(), e.capacity().maxSustained(mode),
                        e.capacity().maxKeepingUp(mode), overFirst(e, mode, false), overFirst(e, mode, true),
                        e.recall() == null ? "-" : String.format(Locale.ROOT, "%.4f", e.recall().recall10()),
                        e.retrieval()));
            }
        }
        return text.toString();
    }

    public String json() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode node = mapper.createObjectNode();
        ObjectNode sustained = node.putObject("max_sustained_eps");
        ObjectNode keepingUp = node.putObject("max_keeping_up_eps");
        ObjectNode ratios = node.putObject("catalog_ratios");
        for (BenchMode mode : modes()) {
            ObjectNode s = sustained.putObject(mode.label());
            ObjectNode k = keepingUp.putObject(mode.label());
            ObjectNode r = ratios.putObject(mode.label());
            for (Entry e : entries) {
                if (e.capacity().steps().containsKey(mode)) {
                    s.put(e.label(), e.capacity().maxSustained(mode));
                    k.put(e.label(), e.capacity().maxKeepingUp(mode));
                    if (e != entries.get(0)) {
                        put(r, e.label() + "_over_" + entries.get(0).label(), overFirst(e, mode, false));
                        put(r, "keeping_up_" + e.label() + "_over_" + entries.get(0).label(), overFirst(e, mode, true));
                    }
                }
            }
        }
        ObjectNode recall = node.putObject("recall_at_10");
        ObjectNode catalogs = node.putObject("catalogs");
        for (Entry e : entries) {
            if (e.recall() != null) {
                put(recall, e.label(), e.recall().recall10());
            } else {
                recall.putNull(e.label());
            }
            ObjectNode c = catalogs.putObject(e.label());
            c.put("model_dir", e.modelDir());
            c.put("items", e.items());
            c.put("retrieval", e.retrieval());
            if (e.recall() != null) {
                ObjectNode r = c.putObject("recall");
                r.put("sequences", e.recall().sequences());
                put(r, "recall_at_10", e.recall().recall10());
                put(r, "recall_at_k", e.recall().recallK());
                r.put("k", e.recall().k());
                put(r, "exact_ms_per_sequence", e.recall().exactMsPerSequence());
                put(r, "fast_ms_per_sequence", e.recall().fastMsPerSequence());
                r.put("batch", e.recall().batch());
            }
            try {
                c.set("capacity", mapper.readTree(e.capacity().json()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return node.toString();
    }

    private static void put(ObjectNode node, String field, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(field);
        } else {
            node.put(field, Math.round(value * 10000) / 10000.0);
        }
    }
}
