package io.streamrec.catalog;

import io.streamrec.events.EventType;
import io.streamrec.session.Interaction;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Co-purchase counting in the stream: two items are bought together when one user buys both within
 * {@code window} of each other (event time, either order). On each purchase the topology asks {@link #partners}
 * (from the user's session, which already holds the purchase) and applies {@link #update} to a store keyed by item
 * whose values are {@link CoPurchases} lists: both directions are counted, each pair once per purchase (a pair is
 * counted when its second purchase arrives, whichever came first in event time). The work per purchase is bounded
 * by the session length ({@code session.max.len}); each stored list by {@code maxPartners}.
 */
public final class CoPurchase {
    private final Duration window;
    private final int maxPartners;

    public CoPurchase(Duration window, int maxPartners) {
        if (window.isNegative() || maxPartners < 1) {
            throw new IllegalArgumentException("co-purchase needs a window of at least 0 and at least 1 partner per "
                    + "item, got " + window + " and " + maxPartners);
        }
        this.window = window;
        this.maxPartners = maxPartners;
    }

    /** Other items the user bought within the window of {@code purchase}, oldest first, each once. */
    public List<String> partners(List<Interaction> interactions, Interaction purchase) {
        Set<String> partners = new LinkedHashSet<>();
        for (Interaction other : interactions) {
            if (other.type() == EventType.PURCHASE && !other.item().equals(purchase.item())
                    && Math.abs(other.ts() - purchase.ts()) <= window.toMillis()) {
                partners.add(other.item());
            }
        }
        return List.copyOf(partners);
    }

    /**
     * Counts {@code item} bought with each of {@code partners}, in both directions: reads each affected item's list
     * with {@code read} (null when none) and returns the new value per item, for the caller to put.
     */
    public Map<String, byte[]> update(Function<String, byte[]> read, String item, List<String> partners) {
        Map<String, byte[]> updated = new LinkedHashMap<>();
        if (partners.isEmpty()) {
            return updated;
        }
        CoPurchases own = decode(read.apply(item));
        for (String partner : partners) {
            own.add(partner);
            CoPurchases theirs = decode(read.apply(partner));
            theirs.add(item);
            updated.put(partner, theirs.encode());
        }
        updated.put(item, own.encode());
        return updated;
    }

    public CoPurchases decode(byte[] stored) {
        return stored == null ? new CoPurchases(maxPartners) : CoPurchases.decode(stored, maxPartners);
    }
}
