package io.streamrec.tools.bench;

import java.util.Arrays;

/**
 * A population of {@code size} users whose activity is Zipf-like: the user of rank {@code k} (0-based) runs a share
 * of the sessions proportional to {@code 1 / (k + 1)^exponent}. A key (a session id) always maps to the same user,
 * so no table of sessions is kept.
 */
final class ZipfUsers {
    private final double[] cumulative;

    ZipfUsers(int size, double exponent) {
        if (size < 1) {
            throw new IllegalArgumentException("users must be >= 1");
        }
        if (!(exponent >= 0)) {
            throw new IllegalArgumentException("skew must be >= 0");
        }
        cumulative = new double[size];
        double total = 0;
        for (int k = 0; k < size; k++) {
            total += Math.pow(k + 1, -exponent);
            cumulative[k] = total;
        }
        for (int k = 0; k < size; k++) {
            cumulative[k] /= total;
        }
    }

    int size() {
        return cumulative.length;
    }

    /** The user (0-based rank) at quantile {@code u} in [0, 1). */
    int at(double u) {
        int index = Arrays.binarySearch(cumulative, u);
        int rank = index >= 0 ? index : -index - 1;
        return Math.min(rank, cumulative.length - 1);
    }

    /** The user running the session with this key. */
    int userFor(String key) {
        return at(uniform(key.hashCode()));
    }

    /** SplitMix64's finaliser: a well-spread 64-bit value from the key's hash, as a double in [0, 1). */
    static double uniform(long seed) {
        long z = seed + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    /** The share of all activity that the busiest {@code users} have (for the report). */
    double shareOfTop(int users) {
        return users <= 0 ? 0 : cumulative[Math.min(users, cumulative.length) - 1];
    }
}
