package io.streamrec.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Exponentially decaying item counts in event time, for one scope (all items, or one category), bounded in size.
 *
 * <p><b>Decay.</b> An item's score at time T is Σ wᵢ·2^(−(T − tᵢ)/H) over its events (weight wᵢ at event time tᵢ,
 * half-life H). We keep per item L = log₂ Σ wᵢ·2^(tᵢ/H) ("forward decay" in log space), which does not depend on T:
 * the score at T is 2^(L − T/H), and ordering by L orders items by their score at any T. So nothing is rescaled as
 * time passes, a late event just adds its smaller term, and top-N is a walk down a sorted set. L grows like t/H
 * (about 4.7·10⁵ for epoch ms and a one-hour half-life), and its ulp bounds the relative error of a score: about
 * 10⁻¹⁰ for a one-hour half-life, 10⁻⁷ for one second (the shortest half-life that makes sense is minutes).
 *
 * <p><b>Bound.</b> At most {@code capacity} items. When full, a new item enters only if its score beats the lowest
 * one, which is evicted with its history (the classic top-K approximation: only items at the bottom can be wrong,
 * and only by what they had before they were evicted).
 *
 * <p><b>Encoding</b> ({@link #encode}): version (1), half-life ms, newest event ts, count (varints), the top L as a
 * double, then per item, best first: id, (top L − L) as a float (error below 10⁻⁵ in log₂ for items within 100
 * half-lives of the top). Best-first order lets a reader decode only a prefix ({@link #topItems(byte[], int)}).
 * About id length + 5 bytes per item: 1,000 items of 10-character ids are about 15 KB.
 */
public final class DecayedCounter {
    /** An item and its decayed score at a given time. */
    public record Entry(String item, double score) {
    }

    private record Node(String item, double log) {
    }

    private static final Comparator<Node> BEST_FIRST =
            Comparator.comparingDouble(Node::log).reversed().thenComparing(Node::item);
    private static final int VERSION = 1;
    private static final double LN2 = Math.log(2);

    private final long halfLifeMs;
    private final int capacity;
    private final Map<String, Double> logs = new HashMap<>();
    private final TreeSet<Node> order = new TreeSet<>(BEST_FIRST);
    private long newestTs;

    public DecayedCounter(Duration halfLife, int capacity) {
        if (halfLife.toMillis() < 1 || capacity < 1) {
            throw new IllegalArgumentException("half-life must be at least 1 ms and capacity at least 1, got "
                    + halfLife + " and " + capacity);
        }
        this.halfLifeMs = halfLife.toMillis();
        this.capacity = capacity;
    }

    /** Counts {@code weight} for {@code item} at event time {@code ts}; false when it was too small to enter. */
    public boolean add(String item, double weight, long ts) {
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("weight must be positive and finite, got " + weight);
        }
        newestTs = Math.max(newestTs, ts);
        double term = logOf(weight, ts);
        Double old = logs.get(item);
        if (old != null) {
            order.remove(new Node(item, old));
            put(item, logAdd(old, term));
            return true;
        }
        if (logs.size() >= capacity) {
            Node lowest = order.last();
            if (term <= lowest.log()) {
                return false;
            }
            order.pollLast();
            logs.remove(lowest.item());
        }
        put(item, term);
        return true;
    }

    /** The log₂-space value (see the class comment) of weight {@code weight} at {@code ts}, for {@link #offer}. */
    public double logOf(double weight, long ts) {
        return Math.log(weight) / LN2 + (double) ts / halfLifeMs;
    }

    /** Two log₂-space values summed: the value of both items' events together. */
    public static double logSum(double a, double b) {
        return logAdd(a, b);
    }

    /**
     * Sets the item's log₂-space value (replacing what it had) where the item's whole history is kept elsewhere;
     * false when the counter is full and the value is below its lowest item.
     */
    public boolean offer(String item, double log, long ts) {
        newestTs = Math.max(newestTs, ts);
        Double old = logs.get(item);
        if (old != null) {
            order.remove(new Node(item, old));
            put(item, log);
            return true;
        }
        if (logs.size() >= capacity) {
            Node lowest = order.last();
            if (log <= lowest.log()) {
                return false;
            }
            order.pollLast();
            logs.remove(lowest.item());
        }
        put(item, log);
        return true;
    }

    /**
     * Counters of disjoint event streams (one per task) read as one: an item's values are summed, the best
     * {@code capacity} kept.
     */
    public static DecayedCounter merge(List<byte[]> parts, Duration halfLife, int capacity) {
        DecayedCounter merged = new DecayedCounter(halfLife, Integer.MAX_VALUE);
        for (byte[] part : parts) {
            DecayedCounter counter = decode(part, halfLife, capacity);
            merged.newestTs = Math.max(merged.newestTs, counter.newestTs);
            counter.logs.forEach((item, log) -> merged.logs.merge(item, log, DecayedCounter::logAdd));
        }
        DecayedCounter top = new DecayedCounter(halfLife, capacity);
        top.newestTs = merged.newestTs;
        merged.logs.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(capacity)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }

    /** The item's decayed score at {@code atTs} (0 when not counted). */
    public double score(String item, long atTs) {
        Double log = logs.get(item);
        return log == null ? 0 : Math.pow(2, log - (double) atTs / halfLifeMs);
    }

    /** The best {@code n} items with their scores at {@code atTs}. */
    public List<Entry> top(int n, long atTs) {
        List<Entry> top = new ArrayList<>(Math.min(n, logs.size()));
        for (Node node : order) {
            if (top.size() == n) break;
            top.add(new Entry(node.item(), Math.pow(2, node.log() - (double) atTs / halfLifeMs)));
        }
        return top;
    }

    public List<String> topItems(int n) {
        return top(n, newestTs).stream().map(Entry::item).toList();
    }

    public int size() {
        return logs.size();
    }

    /** The newest event time counted (the natural "now" for scores). */
    public long newestTs() {
        return newestTs;
    }

    public byte[] encode() {
        return encode(Integer.MAX_VALUE);
    }

    /** The best {@code limit} items only (what a reader of the top needs). */
    public byte[] encode(int limit) {
        int count = Math.min(limit, logs.size());
        Bytes.Writer out = new Bytes.Writer(24 + count * 16).u8(VERSION)
                .varint(halfLifeMs).varint(Math.max(0, newestTs)).varint(count);
        if (count > 0) {
            double base = order.first().log();
            out.f64(base);
            int written = 0;
            for (Node node : order) {
                if (written++ == count) {
                    break;
                }
                out.string(node.item()).f32((float) (base - node.log()));
            }
        }
        return out.toArray();
    }

    /**
     * Reads an encoded counter for the given settings: beyond {@code capacity} the lowest items are dropped; under
     * another half-life every item keeps its score at the newest event time and decays at the new rate from there.
     */
    public static DecayedCounter decode(byte[] bytes, Duration halfLife, int capacity) {
        DecayedCounter counter = new DecayedCounter(halfLife, capacity);
        Bytes.Reader in = header(bytes);
        long storedHalfLife = in.varint();
        if (storedHalfLife < 1) {
            throw new IllegalArgumentException("stored half-life " + storedHalfLife + " ms");
        }
        counter.newestTs = in.varint();
        int count = in.count();
        double base = count > 0 ? in.f64() : 0;
        double shift = (double) counter.newestTs / counter.halfLifeMs - (double) counter.newestTs / storedHalfLife;
        for (int i = 0; i < count && i < capacity; i++) {
            String item = in.string();
            double log = base - in.f32();
            counter.put(item, storedHalfLife == counter.halfLifeMs ? log : log + shift);
        }
        return counter;
    }

    /** The best {@code n} item ids of an encoded counter, decoding only that prefix. */
    public static List<String> topItems(byte[] bytes, int n) {
        Bytes.Reader in = header(bytes);
        in.varint();
        in.varint();
        int count = Math.min(in.count(), n);
        if (count > 0) {
            in.f64();
        }
        List<String> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(in.string());
            in.f32();
        }
        return items;
    }

    private static Bytes.Reader header(byte[] bytes) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown decayed counter encoding version " + version);
        }
        return in;
    }

    private void put(String item, double log) {
        logs.put(item, log);
        order.add(new Node(item, log));
    }

    private static double logAdd(double a, double b) {
        double hi = Math.max(a, b);
        return hi + Math.log1p(Math.pow(2, Math.min(a, b) - hi)) / LN2;
    }
}
