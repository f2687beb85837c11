package io.streamrec.variants;

import java.util.List;
import java.util.Objects;

/**
 * The list a user was last sent, as feedback needs it.
 *
 * @param variant the variant that served it
 * @param version the model version it names (or the kind's wire name)
 * @param items   item ids in the order shown, best first
 * @param basisTs the newest event the list reflects ({@code event_ts} of the recommendation), epoch ms: events at or
 *                before it cannot be responses to the list, interactions at or before it are what the user had seen
 */
public record ShownList(String variant, String version, List<String> items, long basisTs) {
    public ShownList {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(version, "version");
        items = List.copyOf(items);
    }
}
