package io.streamrec.variants;

import java.util.Locale;

/**
 * Which events a feedback figure counts: {@link #ALL} of them, or only {@link #NEW_ITEM} events, on items the user
 * had not interacted with before the list was computed (the honest measure: see {@link OnlineFeedback}).
 */
public enum Population {
    ALL,
    NEW_ITEM;

    /** The label value: {@code all}, {@code new_item}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
