package io.streamrec.events;

import java.util.Locale;
import java.util.Optional;

/** The kinds of shopper interaction. {@link #index()} is the model's event-type input (0 is padding). */
public enum EventType {
    CLICK(1, "events.click"),
    CART(2, "events.cart"),
    PURCHASE(3, "events.purchase");

    private final int index;
    private final String topic;

    EventType(int index, String topic) {
        this.index = index;
        this.topic = topic;
    }

    public int index() {
        return index;
    }

    /** The input topic producers publish this kind of event to. */
    public String topic() {
        return topic;
    }

    /** The wire name: {@code click}, {@code cart}, {@code purchase}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<EventType> fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName().equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    public static EventType fromIndex(int index) {
        for (EventType type : values()) {
            if (type.index == index) {
                return type;
            }
        }
        throw new IllegalArgumentException("no event type with index " + index);
    }
}
