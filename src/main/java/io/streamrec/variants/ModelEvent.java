package io.streamrec.variants;

import java.util.Locale;

/**
 * What an instance did with one {@code model-updates} record, for the {@code model-events} topic and a counter.
 *
 * @param variant   the record's key (null when it had none)
 * @param outcome   accepted (serving the announcement now), refused (nothing changed) or removed
 * @param announced what the record announced: a model version or a kind's wire name (null for a tombstone or a
 *                  record that could not be read)
 * @param serving   what the variant serves after this record (null when it serves nothing)
 * @param previous  what it served before (null when nothing)
 * @param share     its share after this record (null when it serves nothing)
 * @param reason    why it was refused (null otherwise)
 * @param at        when, epoch milliseconds
 */
public record ModelEvent(String variant, Outcome outcome, String announced, String serving, String previous,
                         Double share, String reason, long at) {

    /** What became of an announcement. */
    public enum Outcome {
        ACCEPTED,
        REFUSED,
        REMOVED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean refused() {
        return outcome == Outcome.REFUSED;
    }
}
