package io.streamrec.events;

import java.util.Locale;

/** Why an input record was sent to the dead-letter topic; {@link #code()} is the value of the reason header. */
public enum RejectReason {
    NOT_JSON,
    INVALID_UTF8,
    WRONG_SHAPE,
    MISSING_USER,
    MISSING_ITEM,
    UNKNOWN_TYPE,
    BAD_TS,
    OVERSIZE,
    /** An {@code event_id} the user's recent events already had: applied once, the replay dead-lettered. */
    DUPLICATE,
    /**
     * Older than {@code session.ttl.ms} behind stream time: its user may have been forgotten or erased and the
     * erasure marker dropped, so applying it could bring the user back.
     */
    TOO_OLD;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
