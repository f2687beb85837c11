package io.streamrec.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One item's co-purchase partners (items bought with it), bounded to {@code capacity} partners with the
 * Space-Saving algorithm: a new partner of a full list replaces the one with the lowest count and inherits that
 * count as its possible error ({@link Partner#error}). Every partner bought with the item more often than
 * (total pairs / capacity) is guaranteed to be kept, and {@link Partner#guaranteed} (count − error) never
 * overstates the true count, so complements are ranked and thresholded on it.
 *
 * <p><b>Encoding</b>: version (1), count, then per partner best first (by guaranteed count): id, count, error
 * (varints) — about id length + 3 bytes per partner.
 */
public final class CoPurchases {
    /** A partner with its (possibly overstated) count and the most it may overstate. */
    public record Partner(String item, long count, long error) {
        public long guaranteed() {
            return count - error;
        }
    }

    private static final Comparator<Partner> LOWEST_COUNT_FIRST =
            Comparator.comparingLong(Partner::count).thenComparing(Partner::item);
    private static final Comparator<Partner> BEST_FIRST =
            Comparator.comparingLong(Partner::guaranteed).reversed()
                    .thenComparing(Comparator.comparingLong(Partner::count).reversed())
                    .thenComparing(Partner::item);
    private static final int VERSION = 1;

    private final int capacity;
    private final Map<String, Partner> partners = new HashMap<>();
    private final TreeSet<Partner> byCount = new TreeSet<>(LOWEST_COUNT_FIRST);

    public CoPurchases(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Counts one more purchase of {@code partner} together with this item. */
    public void add(String partner) {
        Partner old = partners.get(partner);
        if (old != null) {
            byCount.remove(old);
            put(new Partner(partner, old.count() + 1, old.error()));
        } else if (partners.size() < capacity) {
            put(new Partner(partner, 1, 0));
        } else {
            Partner lowest = byCount.pollFirst();
            partners.remove(lowest.item());
            put(new Partner(partner, lowest.count() + 1, lowest.count()));
        }
    }

    /** Partners best first, by guaranteed count. */
    public List<Partner> partners() {
        List<Partner> sorted = new ArrayList<>(partners.values());
        sorted.sort(BEST_FIRST);
        return sorted;
    }

    /** Up to {@code n} partners bought with the item at least {@code minCount} times for sure, best first. */
    public List<String> top(int n, long minCount) {
        return partners().stream().filter(p -> p.guaranteed() >= minCount).limit(n).map(Partner::item).toList();
    }

    public int size() {
        return partners.size();
    }

    public byte[] encode() {
        Bytes.Writer out = new Bytes.Writer(8 + partners.size() * 16).u8(VERSION).varint(partners.size());
        for (Partner p : partners()) {
            out.string(p.item()).varint(p.count()).varint(p.error());
        }
        return out.toArray();
    }

    /** Reads an encoded list; beyond {@code capacity} the weakest partners are dropped. */
    public static CoPurchases decode(byte[] bytes, int capacity) {
        CoPurchases list = new CoPurchases(capacity);
        List<Partner> stored = read(bytes, capacity);
        stored.forEach(list::put);
        return list;
    }

    /** The best {@code n} partners of an encoded list with a guaranteed count of at least {@code minCount}. */
    public static List<String> topItems(byte[] bytes, int n, long minCount) {
        return read(bytes, n).stream().filter(p -> p.guaranteed() >= minCount).map(Partner::item).toList();
    }

    /**
     * The best {@code n} partners of lists counted over disjoint purchase streams (one per task), read as one list:
     * counts and errors are summed per partner, so the guaranteed count still never overstates.
     */
    public static List<String> mergedTopItems(List<byte[]> parts, int n, long minCount) {
        if (parts.size() == 1) {
            return topItems(parts.get(0), n, minCount);
        }
        Map<String, Partner> summed = new HashMap<>();
        for (byte[] part : parts) {
            for (Partner p : read(part, Integer.MAX_VALUE)) {
                summed.merge(p.item(), p, (a, b) -> new Partner(a.item(), a.count() + b.count(), a.error() + b.error()));
            }
        }
        return summed.values().stream().filter(p -> p.guaranteed() >= minCount).sorted(BEST_FIRST).limit(n)
                .map(Partner::item).toList();
    }

    private static List<Partner> read(byte[] bytes, int max) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalArgumentException("unknown co-purchase encoding version " + version);
        }
        int count = Math.min(in.count(), max);
        List<Partner> partners = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String item = in.string();
            long n = in.varint();
            long error = in.varint();
            if (error > n) {
                throw new IllegalArgumentException("co-purchase error " + error + " above count " + n);
            }
            partners.add(new Partner(item, n, error));
        }
        return partners;
    }

    private void put(Partner partner) {
        partners.put(partner.item(), partner);
        byCount.add(partner);
    }
}
