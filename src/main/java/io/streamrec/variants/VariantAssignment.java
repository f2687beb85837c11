package io.streamrec.variants;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Which variant a user is in: weighted rendezvous hashing over the variants with a positive share. Each variant
 * draws, from a 64-bit hash of (salt, user) mixed with a hash of its name, a uniform {@code u} in (0, 1); the user
 * goes to the variant with the smallest {@code -ln(u) / share}. So:
 * <ul>
 *   <li>the answer depends only on the salt, the user id and the shares: the same on every instance and after a
 *       restart, whatever the order variants were announced in;</li>
 *   <li>a variant gets {@code share / (sum of shares)} of the users (shares are weights: announce them to sum to 1
 *       and they are the fractions);</li>
 *   <li>changing one variant's share moves users only into it (raised) or only out of it (lowered), as many as its
 *       fraction changed; the other variants keep their users or lose them only to it. Adding a variant moves users
 *       only into it, removing one moves only its users. With two variants any change moves users only from the one
 *       that shrinks to the one that grows (A 0.7/B 0.3 to A 0.6/B 0.4: 10% of the users, all from A to B).</li>
 * </ul>
 * A new salt reshuffles everyone (a new experiment). Immutable and thread-safe.
 */
public final class VariantAssignment {
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final String salt;
    /** FNV state after the salt and a 0 byte: the start of every user's hash. */
    private final long saltState;
    private final Map<String, Double> shares;
    private final String[] names;
    private final long[] seeds;
    private final double[] weights;
    private final double total;

    private VariantAssignment(String salt, Map<String, Double> shares) {
        this.salt = Objects.requireNonNull(salt, "salt");
        this.saltState = fnv(FNV_OFFSET, salt) * FNV_PRIME;
        TreeMap<String, Double> sorted = new TreeMap<>();
        shares.forEach((name, share) -> {
            if (share == null || !(share >= 0) || Double.isInfinite(share)) {
                throw new IllegalArgumentException("share of " + name + " must be a finite number >= 0, got " + share);
            }
            sorted.put(Objects.requireNonNull(name, "variant"), share);
        });
        this.shares = Collections.unmodifiableMap(sorted);
        int n = (int) sorted.values().stream().filter(s -> s > 0).count();
        this.names = new String[n];
        this.seeds = new long[n];
        this.weights = new double[n];
        int i = 0;
        double sum = 0;
        for (Map.Entry<String, Double> e : sorted.entrySet()) {
            if (e.getValue() > 0) {
                names[i] = e.getKey();
                seeds[i] = mix(fnv(FNV_OFFSET, e.getKey()));
                weights[i] = e.getValue();
                sum += e.getValue();
                i++;
            }
        }
        this.total = sum;
    }

    /** Shares by variant name (weights, each finite and at least 0; a variant with share 0 gets nobody). */
    public static VariantAssignment of(String salt, Map<String, Double> shares) {
        return new VariantAssignment(salt, shares);
    }

    /** The user's variant, or null when no variant has a positive share. */
    public String assign(String user) {
        if (names.length == 0) {
            return null;
        }
        long userHash = mix(fnv(saltState, user));
        String best = null;
        double bestKey = Double.POSITIVE_INFINITY;
        for (int i = 0; i < names.length; i++) {
            double u = ((mix(userHash ^ seeds[i]) >>> 11) + 0.5) * 0x1.0p-53;
            double key = -Math.log(u) / weights[i];
            if (key < bestKey) {
                bestKey = key;
                best = names[i];
            }
        }
        return best;
    }

    /** True when nobody is assigned: no variant has a positive share. */
    public boolean isEmpty() {
        return names.length == 0;
    }

    /** The fraction of users the variant gets: its share over the sum of shares (0 when it has none). */
    public double fraction(String variant) {
        Double share = shares.get(variant);
        return share == null || total == 0 ? 0 : share / total;
    }

    public Map<String, Double> shares() {
        return shares;
    }

    public String salt() {
        return salt;
    }

    /** FNV-1a over the UTF-8 bytes of {@code text}, continuing from {@code state}. */
    private static long fnv(long state, String text) {
        long h = state;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= FNV_PRIME;
        }
        return h;
    }

    /** SplitMix64's finaliser: every input bit flips about half the output bits. */
    private static long mix(long x) {
        long z = x + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
