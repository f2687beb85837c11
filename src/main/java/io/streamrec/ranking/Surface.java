package io.streamrec.ranking;

import java.util.Objects;

/**
 * One list a shop shows (e.g. {@code home}, {@code cart}), with its own rules and length. Without configured
 * surfaces there is one, {@link #DEFAULT_NAME}, with the global rules: the list as it always was.
 */
public record Surface(String name, RankingRules rules) {
    public static final String DEFAULT_NAME = "default";

    public Surface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rules, "rules");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a surface needs a name");
        }
    }

    public static Surface defaultSurface(RankingRules rules) {
        return new Surface(DEFAULT_NAME, rules);
    }

    public int topK() {
        return rules.topK();
    }
}
