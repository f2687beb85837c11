package io.streamrec.session;

/**
 * How much of a user's behaviour a session keeps.
 *
 * @param maxLen        interactions kept, newest last
 * @param maxPurchased  purchased items remembered (for "never recommend what they bought")
 * @param dedupeWindow  recent {@code event_id}s remembered to drop replays
 */
public record SessionBounds(int maxLen, int maxPurchased, int dedupeWindow) {
}
