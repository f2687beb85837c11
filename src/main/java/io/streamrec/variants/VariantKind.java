package io.streamrec.variants;

import java.util.Locale;
import java.util.Optional;

/** What serves a variant's users: a model directory, or a list that needs no model (trending or popular items). */
public enum VariantKind {
    MODEL,
    TRENDING,
    POPULAR;

    /** The wire name: {@code model}, {@code trending}, {@code popular}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<VariantKind> fromWireName(String name) {
        for (VariantKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
