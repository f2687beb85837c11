package io.streamrec.events;

import java.time.Duration;

/**
 * Bounds an input event must respect.
 *
 * @param maxRecordBytes  largest accepted serialized event
 * @param maxFieldChars   longest accepted user or item id
 * @param maxFuture       how far ahead of the wall clock an event timestamp may be (clock skew allowance)
 */
public record EventLimits(int maxRecordBytes, int maxFieldChars, Duration maxFuture) {
    public static final EventLimits DEFAULT = new EventLimits(16 * 1024, 256, Duration.ofDays(1));
}
