package io.streamrec.topology;

import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;

/**
 * What update-session passes on: the user's new state and the interaction just applied, or (both null) that the user
 * was forgotten.
 */
record SessionUpdate(SessionState state, Interaction applied) {
    private static final SessionUpdate FORGOTTEN = new SessionUpdate(null, null);

    static SessionUpdate forgotten() {
        return FORGOTTEN;
    }

    boolean isForgotten() {
        return state == null;
    }
}
