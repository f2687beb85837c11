package io.streamrec.tools.sim;

import java.time.Duration;

/**
 * How much to produce and how fast: stops at {@code maxEvents} or after {@code maxDuration}, whichever comes
 * first, or when the source runs out.
 *
 * @param eventsPerSecond target rate; 0 means as fast as the producer accepts
 * @param maxEvents       0 means no count limit
 * @param maxDuration     null means no time limit
 */
public record ProducePlan(double eventsPerSecond, long maxEvents, Duration maxDuration) {

    public ProducePlan {
        if (eventsPerSecond < 0 || Double.isNaN(eventsPerSecond)) {
            throw new IllegalArgumentException("rate must be >= 0, got " + eventsPerSecond);
        }
        if (maxEvents < 0) throw new IllegalArgumentException("maxEvents must be >= 0");
        if (maxDuration != null && maxDuration.isNegative()) throw new IllegalArgumentException("negative duration");
    }

    public static ProducePlan count(double eventsPerSecond, long events) {
        return new ProducePlan(eventsPerSecond, events, null);
    }

    public static ProducePlan duration(double eventsPerSecond, Duration duration) {
        return new ProducePlan(eventsPerSecond, 0, duration);
    }

    /** Until the source is exhausted or {@link EventProducer#requestStop()} is called. */
    public static ProducePlan unlimited(double eventsPerSecond) {
        return new ProducePlan(eventsPerSecond, 0, null);
    }
}
