package io.streamrec.tools.sim;

/** Spaces events evenly at a target rate: event {@code n} is due {@code n / rate} seconds after the start. */
final class Pacer {
    private final double nanosPerEvent;
    private final long origin;

    /** @param eventsPerSecond 0 means unpaced */
    Pacer(double eventsPerSecond, long originNanos) {
        this.nanosPerEvent = eventsPerSecond == 0 ? 0 : 1e9 / eventsPerSecond;
        this.origin = originNanos;
    }

    /** Nanoseconds until event {@code n} is due; zero or negative when it is due now (or overdue). */
    long nanosUntilDue(long n, long nowNanos) {
        return origin + (long) (n * nanosPerEvent) - nowNanos;
    }
}
