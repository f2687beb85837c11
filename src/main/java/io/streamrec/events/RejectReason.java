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
    OVERSIZE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
