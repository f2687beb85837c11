package io.streamrec.events;

import java.util.Objects;

/**
 * One shopper interaction as producers publish it:
 * {@code {"user": "u1", "item": "sku-9", "type": "click", "ts": 1732900000000}}.
 * {@code eventId}, {@code session}, {@code qty} and {@code price} are optional and carried as given (null when absent).
 */
public record Event(String user, String item, EventType type, long ts,
                    String eventId, String session, Integer qty, Double price) {

    public Event {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(type, "type");
    }

    public static Event of(String user, String item, EventType type, long ts) {
        return new Event(user, item, type, ts, null, null, null, null);
    }
}
