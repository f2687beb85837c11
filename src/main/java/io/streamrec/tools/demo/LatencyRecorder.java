package io.streamrec.tools.demo;

import java.util.Arrays;

/** Collects latency samples (ms) and answers percentiles; thread-safe, fine for the demo's sample counts. */
public final class LatencyRecorder {
    private long[] samples = new long[1024];
    private int count;

    public synchronized void record(long millis) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = millis;
    }

    public synchronized int count() {
        return count;
    }

    /** The q-quantile (0..1) of all samples so far, by nearest rank; NaN when there are none. */
    public synchronized double percentile(double q) {
        return percentileOf(Arrays.copyOf(samples, count), q);
    }

    /** The q-quantile of the samples recorded since index {@code from} (e.g. the last second). */
    public synchronized double percentileSince(int from, double q) {
        return percentileOf(Arrays.copyOfRange(samples, Math.min(from, count), count), q);
    }

    static double percentileOf(long[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(q * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }
}
