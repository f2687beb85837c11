package io.streamrec.http;

import io.streamrec.session.SessionState;

/** Where a user's state lives and, for users owned here, the state itself (Kafka Streams in production). */
interface UserDirectory {
    /** Where a user's state lives: here, at {@code hostPort}, or nowhere right now (rebalancing). */
    record Owner(boolean local, String hostPort, boolean unavailable) {
        static final Owner UNAVAILABLE = new Owner(false, null, true);
    }

    Owner owner(String user);

    /** The user's latest list as written to the topic, or null; {@link IllegalStateException} if not queryable now. */
    byte[] localRecommendation(String user);

    /** The user's stored session, or null; {@link IllegalStateException} if not queryable now. */
    SessionState localSession(String user);
}
