package io.streamrec.events;

import java.time.Duration;

/**
 * Bounds an input event must respect.
 *
 * @param maxRecordBytes  largest accepted serialized event
 * @param maxFieldChars   longest accepted user or item id
 * @param maxFuture       how far ahead of the wall clock an event timestamp may be (clock skew allowance)
 * @param maxAge          how far behind it may be ({@link Duration#ZERO}: no bound): older events are {@code too_old}
 */
public record EventLimits(int maxRecordBytes, int maxFieldChars, Duration maxFuture, Duration maxAge) {
    public static final EventLimits DEFAULT = new EventLimits(16 * 1024, 256, Duration.ofDays(1), Duration.ZERO);
}
