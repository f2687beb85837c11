package io.streamrec.session;

import io.streamrec.events.EventType;

/** One remembered interaction of a user. Item ids are kept as strings so state outlives a model's vocabulary. */
public record Interaction(String item, EventType type, long ts) {
}
