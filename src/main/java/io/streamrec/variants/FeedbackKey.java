package io.streamrec.variants;

import io.streamrec.events.EventType;
import java.util.Objects;

/** What one set of feedback counts is about: a variant's model version, an event type, a population. */
public record FeedbackKey(String variant, String version, EventType type, Population population) {
    public FeedbackKey {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(population, "population");
    }
}
