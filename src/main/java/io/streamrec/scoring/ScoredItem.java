package io.streamrec.scoring;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An item of a list with its score, where it came from and, once explained, why: the model's logit for
 * {@link Source#MODEL} items, 0 for the others (trending, popular and complement fill-ins); {@code reason} is null
 * until an explainer sets it (and stays null with {@code explain.enabled=false}).
 */
public record ScoredItem(String item, double score, Source source, Reason reason) {
    /** Where a listed item came from; {@link #wireName()} is the {@code source} field of the output. */
    public enum Source {
        /** The model's candidates. */
        MODEL,
        /** In-stream trending (decayed popularity from the events). */
        TRENDING,
        /** The model's static popular items. */
        POPULAR,
        /** Bought together with the item just carted (co-purchase counts), not among the model's candidates. */
        COMPLEMENT;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Source> fromWireName(String name) {
            for (Source source : values()) {
                if (source.wireName().equals(name)) {
                    return Optional.of(source);
                }
            }
            return Optional.empty();
        }
    }

    public ScoredItem {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(source, "source");
    }

    /** An item without a reason (yet). */
    public ScoredItem(String item, double score, Source source) {
        this(item, score, source, null);
    }

    /** A model candidate. */
    public ScoredItem(String item, double score) {
        this(item, score, Source.MODEL);
    }

    /** The same item, score and source, with {@code why}. */
    public ScoredItem withReason(Reason why) {
        return new ScoredItem(item, score, source, why);
    }
}
