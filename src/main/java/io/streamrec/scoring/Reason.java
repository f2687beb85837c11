package io.streamrec.scoring;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an item is in a list, with its evidence: written as {@code "reason": {"because": ..., "item" or "category"}}
 * beside the item's {@code source}.
 *
 * @param because  the kind of reason
 * @param item     the evidence item: the history item that most drives a model item's score (viewed, carted,
 *                 bought), or the carted item a complement was bought with; null otherwise
 * @param category the category a trending item trends in; null for trending over all items and the other kinds
 */
public record Reason(Because because, String item, String category) {
    /** The kinds of reason; {@link #wireName()} is the {@code because} field. */
    public enum Because {
        /** A model item; {@code item} is the viewed (clicked) history item that most drives its score. */
        VIEWED,
        /** As {@link #VIEWED}, the history item was carted. */
        CARTED,
        /** As {@link #VIEWED}, the history item was bought. */
        BOUGHT,
        /** A model item with no history item to name (the model directory has no item table). */
        MODEL,
        /** A complement: bought together with {@code item}, the item just carted. */
        BOUGHT_WITH,
        /** Trending in the events, in {@code category} or over all items. */
        TRENDING,
        /** One of the model's popular items. */
        POPULAR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Because> fromWireName(String name) {
            for (Because because : values()) {
                if (because.wireName().equals(name)) {
                    return Optional.of(because);
                }
            }
            return Optional.empty();
        }
    }

    public static final Reason POPULAR = new Reason(Because.POPULAR, null, null);
    public static final Reason MODEL = new Reason(Because.MODEL, null, null);

    public Reason {
        Objects.requireNonNull(because, "because");
    }

    public static Reason boughtWith(String carted) {
        return new Reason(Because.BOUGHT_WITH, Objects.requireNonNull(carted, "carted"), null);
    }

    /** @param category null for trending over all items */
    public static Reason trending(String category) {
        return new Reason(Because.TRENDING, null, category);
    }
}
