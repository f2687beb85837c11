package io.streamrec.tools.bench;

/**
 * The consumer lag of a group sampled over a measured window, and whether it grew. A single start and end sample
 * would turn one commit in flight or one GC pause into a verdict; the least-squares line through all samples
 * does not: {@link #growth()} is that line's rise over the window.
 */
final class LagTrend {
    private int n;
    private double sumT;
    private double sumL;
    private double sumTT;
    private double sumTL;
    private double firstT = Double.NaN;
    private double lastT = Double.NaN;
    private long first = -1;
    private long last = -1;

    /** @param seconds since any fixed origin; @param lag records behind the input's end */
    void add(double seconds, long lag) {
        if (n == 0) {
            firstT = seconds;
            first = lag;
        }
        lastT = seconds;
        last = lag;
        n++;
        sumT += seconds;
        sumL += lag;
        sumTT += seconds * seconds;
        sumTL += seconds * lag;
    }

    int samples() {
        return n;
    }

    /** The first sample (-1 when none). */
    long start() {
        return first;
    }

    /** The last sample (-1 when none). */
    long end() {
        return last;
    }

    /** Records per second the fitted line rises (0 with fewer than two samples at different times). */
    double slope() {
        double denominator = n * sumTT - sumT * sumT;
        return n < 2 || denominator == 0 ? 0 : (n * sumTL - sumT * sumL) / denominator;
    }

    /** How much the fitted lag rose from the first sample's time to the last's, in records. */
    double growth() {
        return n < 2 ? 0 : slope() * (lastT - firstT);
    }

    /** Not growing: the fitted rise stays within {@code allowance} records (e.g. one second of input). */
    boolean notGrowing(double allowance) {
        return growth() <= allowance;
    }
}
