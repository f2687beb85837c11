package io.streamrec.topology;

import io.streamrec.events.EventCodec;
import io.streamrec.events.InvalidEventException;
import io.streamrec.events.RejectReason;

/** The user a deletion request names: its key, normalised exactly as an event's {@code user} field. */
final class DeletionKeys {
    private DeletionKeys() {
    }

    static String user(String key, int maxChars) {
        String user = key == null ? "" : EventCodec.normaliseId(key);
        if (user.isEmpty()) {
            throw new InvalidEventException(RejectReason.MISSING_USER, "deletion record without a user key");
        }
        if (user.length() > maxChars) {
            throw new InvalidEventException(RejectReason.OVERSIZE,
                    "deletion key has " + user.length() + " chars > limit " + maxChars);
        }
        return user;
    }
}
