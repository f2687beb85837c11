package io.streamrec.tools.sim;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Draws rank {@code k} (0-based) with probability proportional to {@code 1 / (k + 1)^exponent}. */
final class ZipfSampler {
    private final double[] cumulative;

    ZipfSampler(int size, double exponent) {
        if (size < 1) throw new IllegalArgumentException("empty Zipf distribution");
        cumulative = new double[size];
        double total = 0;
        for (int k = 0; k < size; k++) {
            total += 1.0 / Math.pow(k + 1, exponent);
            cumulative[k] = total;
        }
        for (int k = 0; k < size; k++) {
            cumulative[k] /= total;
        }
    }

    int sample(RandomGenerator random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        int rank = index >= 0 ? index : -index - 1;
        return Math.min(rank, cumulative.length - 1);
    }
}
