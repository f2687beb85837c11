package io.streamrec.tools.bench;

import io.streamrec.events.Event;
import io.streamrec.events.EventType;
import io.streamrec.scoring.ModelInput;
import io.streamrec.scoring.ScoreBatch;
import io.streamrec.scoring.SessionModel;
import io.streamrec.tools.sim.ShopperSimulator;
import io.streamrec.tools.sim.SimulatorSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recall of the fast path against the exact path on real sessions: each sequence is scored by model.onnx over the
 * whole catalog ({@link SessionModel#scoreExact}) and by {@link SessionModel#score} (the fast path when the model has
 * one); recall@n = |fast top-n ∩ exact top-n| / n, averaged over the sequences. Also times both paths per sequence
 * at the given batch size (the fast path's switch point is where it becomes the cheaper one).
 */
public final class RetrievalRecall {
    /** One sequence: model indexes and event types, left-padded to max_len. */
    public record Row(long[] items, long[] types) {
    }

    public record Result(String retrieval, int sequences, double recall10, int k, double recallK,
                         double exactMsPerSequence, double fastMsPerSequence, int batch) {
    }

    private RetrievalRecall() {
    }

    public static Result run(SessionModel model, List<Row> rows, int batch) {
        int k = model.manifest().k();
        double sum10 = 0;
        double sumK = 0;
        long exactNanos = 0;
        long fastNanos = 0;
        ModelInput input = new ModelInput(batch, model.maxLen());
        for (int from = 0; from < rows.size(); from += batch) {
            input.clear();
            int to = Math.min(rows.size(), from + batch);
            for (int i = from; i < to; i++) {
                input.addRow(rows.get(i).items(), rows.get(i).types());
            }
            long t0 = System.nanoTime();
            ScoreBatch exact = model.scoreExact(input);
            long t1 = System.nanoTime();
            ScoreBatch fast = model.score(input);
            long t2 = System.nanoTime();
            if (from > 0) {  // the first batch warms up
                exactNanos += t1 - t0;
                fastNanos += t2 - t1;
            }
            for (int r = 0; r < to - from; r++) {
                sum10 += overlap(exact.topItems(r), fast.topItems(r), Math.min(10, k)) / (double) Math.min(10, k);
                sumK += overlap(exact.topItems(r), fast.topItems(r), k) / (double) k;
            }
        }
        int n = rows.size();
        int timed = Math.max(1, n - Math.min(batch, n));
        return new Result(model.retrieval(), n, sum10 / n, k, sumK / n, exactNanos / 1e6 / timed,
                fastNanos / 1e6 / timed, batch);
    }

    private static int overlap(long[] a, long[] b, int n) {
        Set<Long> first = new HashSet<>();
        for (int i = 0; i < n && i < a.length; i++) {
            first.add(a[i]);
        }
        int hits = 0;
        for (int i = 0; i < n && i < b.length; i++) {
            if (first.contains(b[i])) {
                hits++;
            }
        }
        return hits;
    }

    /**
     * Sequences from a file of {@code user item item ...} lines (model-export's sequences format, e.g. Amazon
     * Beauty), each user's items in time order, every event a purchase as model-export reads them; item ids are
     * mapped onto the model's items (1..numItems) by a fixed hash, so any catalog size gets real sequences (their
     * lengths, repeats and popularity skew). The last maxLen items of each of the first {@code limit} users.
     */
    public static List<Row> fromSequences(Path file, int numItems, int maxLen, int limit) {
        List<Row> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null && rows.size() < limit) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length < 2) {
                    continue;
                }
                long[] ids = new long[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    ids[i - 1] = mapItem(parts[i], numItems);
                }
                rows.add(row(ids, EventType.PURCHASE, maxLen));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return rows;
    }

    /** Sequences of the shopper simulator (clicks, carts, purchases), its items mapped onto the model's items. */
    public static List<Row> simulated(int numItems, int maxLen, int limit, long seed) {
        ShopperSimulator sim = new ShopperSimulator(SimulatorSettings.defaults().withSeed(seed).withUsers(limit));
        Map<String, List<Event>> byUser = new LinkedHashMap<>();
        for (Event e : sim.generate(limit * 12)) {
            byUser.computeIfAbsent(e.user(), u -> new ArrayList<>()).add(e);
        }
        List<Row> rows = new ArrayList<>();
        for (List<Event> events : byUser.values()) {
            int from = Math.max(0, events.size() - maxLen);
            long[] items = new long[maxLen];
            long[] types = new long[maxLen];
            int pos = maxLen - (events.size() - from);
            for (int i = from; i < events.size(); i++, pos++) {
                items[pos] = mapItem(events.get(i).item(), numItems);
                types[pos] = events.get(i).type().index();
            }
            rows.add(new Row(items, types));
            if (rows.size() == limit) {
                break;
            }
        }
        return rows;
    }

    /** The Amazon Beauty sequences beside the checkout ({@code ../shared/data/amazon-beauty/Beauty.txt}), or null. */
    public static Path defaultSequences() {
        String home = System.getProperty("streamrec.home", ".");
        for (Path p : new Path[] {Path.of(home, "..", "shared", "data", "amazon-beauty", "Beauty.txt"),
                Path.of(home, "shared", "data", "amazon-beauty", "Beauty.txt")}) {
            if (Files.isRegularFile(p)) {
                return p.normalize();
            }
        }
        return null;
    }

    /** Real sequences when there are ({@link #defaultSequences()}), else simulated shoppers. */
    public static List<Row> defaultRows(int numItems, int maxLen, int limit) {
        Path file = defaultSequences();
        return file != null ? fromSequences(file, numItems, maxLen, limit) : simulated(numItems, maxLen, limit, 42);
    }

    static long mapItem(String id, int numItems) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        return 1 + Math.floorMod(h ^ (h >>> 29), (long) numItems);
    }

    private static Row row(long[] ids, EventType type, int maxLen) {
        long[] items = new long[maxLen];
        long[] types = new long[maxLen];
        int n = Math.min(ids.length, maxLen);
        System.arraycopy(ids, ids.length - n, items, maxLen - n, n);
        Arrays.fill(types, maxLen - n, maxLen, type.index());
        return new Row(items, types);
    }
}
