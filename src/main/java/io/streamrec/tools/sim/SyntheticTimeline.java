package io.streamrec.tools.sim;

import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/** Epoch-millisecond timestamps from a start with exponentially distributed gaps; never decreasing. */
final class SyntheticTimeline implements LongSupplier {
    // its own random stream, so that the events themselves do not depend on the timestamp mode
    private final SplittableRandom random;
    private final double meanGapMillis;
    private double now;

    SyntheticTimeline(SimulatorSettings settings) {
        this.random = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        this.meanGapMillis = settings.meanGap().toNanos() / 1e6;
        this.now = settings.start().toEpochMilli();
    }

    @Override
    public long getAsLong() {
        long stamp = (long) now;
        now += -Math.log(1 - random.nextDouble()) * meanGapMillis;
        return stamp;
    }
}
