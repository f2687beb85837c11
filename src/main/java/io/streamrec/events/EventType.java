package io.streamrec.events;

import java.util.Locale;
import java.util.Optional;

/** The kinds of shopper interaction. {@link #index()} is the model's event-type input (0 is padding). */
public enum EventType {
    CLICK(1),
    CART(2),
    PURCHASE(3);

    private final int index;

    EventType(int index) {
        this.index = index;
    }

    public int index() {
        return index;
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
