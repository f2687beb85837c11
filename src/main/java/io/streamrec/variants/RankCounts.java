package io.streamrec.variants;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Where events landed in the lists their users had been sent: how many events, and how many hit each rank (1 is the
 * top). Every ranking figure follows for any cutoff {@code k}: hit rate, MRR and NDCG (one relevant item per event,
 * so the ideal DCG is 1 and an event's NDCG@k is {@code 1 / log2(rank + 1)} when {@code rank <= k}, else 0). Sums
 * ({@link #hits(int)}, {@link #reciprocalRankSum(int)}, {@link #dcgSum(int)}) are what to export as counters; the
 * rates are those over {@link #events()}. Immutable.
 */
public final class RankCounts {
    private final long events;
    private final long[] hitsAtRank;
    private final long hitsBeyond;

    /**
     * @param events     events counted
     * @param hitsAtRank {@code hitsAtRank[r - 1]}: events whose item was at rank r
     * @param hitsBeyond events whose item was in the list below the last rank tracked
     */
    public RankCounts(long events, long[] hitsAtRank, long hitsBeyond) {
        this.events = events;
        this.hitsAtRank = hitsAtRank.clone();
        this.hitsBeyond = hitsBeyond;
    }

    public static RankCounts empty(int maxRank) {
        return new RankCounts(0, new long[maxRank], 0);
    }

    /** These counts and one more event whose item stood at {@code rank} (0: not in the list). */
    public RankCounts plus(int rank) {
        long[] ranks = hitsAtRank.clone();
        long beyond = hitsBeyond;
        if (rank > ranks.length) {
            beyond++;
        } else if (rank > 0) {
            ranks[rank - 1]++;
        }
        return new RankCounts(events + 1, ranks, beyond);
    }

    /** events, hits beyond, then the hits at each rank: 8 bytes each. */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(8 * (2 + hitsAtRank.length)).putLong(events).putLong(hitsBeyond);
        for (long hits : hitsAtRank) {
            out.putLong(hits);
        }
        return out.array();
    }

    public static RankCounts decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length < 16 || bytes.length % 8 != 0) {
            throw new IllegalArgumentException("not encoded rank counts: " + bytes.length + " bytes");
        }
        long events = in.getLong();
        long beyond = in.getLong();
        long[] ranks = new long[bytes.length / 8 - 2];
        for (int r = 0; r < ranks.length; r++) {
            ranks[r] = in.getLong();
        }
        return new RankCounts(events, ranks, beyond);
    }

    public long events() {
        return events;
    }

    /** The deepest rank tracked. */
    public int maxRank() {
        return hitsAtRank.length;
    }

    /** Events whose item was anywhere in the list. */
    public long hits() {
        return hits(hitsAtRank.length) + hitsBeyond;
    }

    /** Events whose item was at rank {@code k} or better. */
    public long hits(int k) {
        long sum = 0;
        for (int r = 1; r <= Math.min(k, hitsAtRank.length); r++) {
            sum += hitsAtRank[r - 1];
        }
        return sum;
    }

    /** Events whose item was at exactly rank {@code rank}. */
    public long hitsAt(int rank) {
        return rank >= 1 && rank <= hitsAtRank.length ? hitsAtRank[rank - 1] : 0;
    }

    /** Sum over events of 1 / rank, counting ranks up to k (0 otherwise). */
    public double reciprocalRankSum(int k) {
        double sum = 0;
        for (int r = 1; r <= Math.min(k, hitsAtRank.length); r++) {
            sum += hitsAtRank[r - 1] / (double) r;
        }
        return sum;
    }

    /** Sum over events of 1 / log2(rank + 1), counting ranks up to k (0 otherwise). */
    public double dcgSum(int k) {
        double sum = 0;
        for (int r = 1; r <= Math.min(k, hitsAtRank.length); r++) {
            sum += hitsAtRank[r - 1] / (Math.log(r + 1) / Math.log(2));
        }
        return sum;
    }

    /** Share of events whose item was anywhere in the list (0 without events). */
    public double hitRate() {
        return rate(hits());
    }

    /** HR@k: share of events whose item was at rank k or better. */
    public double hitRate(int k) {
        return rate(hits(k));
    }

    /** MRR@k. */
    public double mrr(int k) {
        return events == 0 ? 0 : reciprocalRankSum(k) / events;
    }

    /** NDCG@k. */
    public double ndcg(int k) {
        return events == 0 ? 0 : dcgSum(k) / events;
    }

    /** Both counts added (tracking the deeper of the two ranks; hits beyond a rank tracked stay beyond). */
    public RankCounts merge(RankCounts other) {
        RankCounts deep = maxRank() >= other.maxRank() ? this : other;
        RankCounts shallow = deep == this ? other : this;
        long[] merged = deep.hitsAtRank.clone();
        for (int r = 0; r < shallow.hitsAtRank.length; r++) {
            merged[r] += shallow.hitsAtRank[r];
        }
        return new RankCounts(events + other.events, merged, hitsBeyond + other.hitsBeyond);
    }

    private double rate(long count) {
        return events == 0 ? 0 : count / (double) events;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RankCounts other && events == other.events && hitsBeyond == other.hitsBeyond
                && Arrays.equals(hitsAtRank, other.hitsAtRank);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(events) + Long.hashCode(hitsBeyond)) + Arrays.hashCode(hitsAtRank);
    }

    @Override
    public String toString() {
        return "RankCounts[events=" + events + ", hits=" + hits() + ", hitsAtRank=" + Arrays.toString(hitsAtRank)
                + ", beyond=" + hitsBeyond + "]";
    }
}
