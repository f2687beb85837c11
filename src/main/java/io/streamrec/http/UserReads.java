package io.streamrec.http;

import io.streamrec.session.SessionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's list or session as the HTTP API answers it: from the local store when this instance owns the user, else
 * forwarded to the owner once (a forwarded request that finds the user moved again answers 503). Shared by
 * {@link UserEndpoint} and the live page's {@link UserFeed}; logs never name the user.
 */
final class UserReads {
    private static final Logger log = LoggerFactory.getLogger(UserReads.class);

    private final Forwarder forwarder;

    UserReads(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    Reply read(UserDirectory users, String user, boolean session, String surface, boolean forwarded) {
        try {
            UserDirectory.Owner owner = users.owner(user);
            if (owner.unavailable()) {
                return Reply.retryLater("the partition of this user is being rebalanced or restored");
            }
            Reply reply;
            if (owner.local()) {
                reply = local(users, user, session, surface);
            } else if (forwarded) {
                reply = Reply.error(503, "ownership moved while forwarding; retry");
            } else {
                reply = forwarder.forward(owner.hostPort(), UserPath.path(user, session)
                        + (surface == null ? "" : "?surface=" + UserPath.encode(surface)));
            }
            return reply.with(HttpApi.OWNER_HEADER, owner.hostPort());
        } catch (RuntimeException e) {
            log.warn("GET {} failed: {}", session ? "/users/{user}/session" : "/recommendations/{user}",
                    e.getClass().getName());
            return Reply.error(500, "internal error");
        }
    }

    private static Reply local(UserDirectory users, String user, boolean session, String surface) {
        byte[] body;
        try {
            if (session) {
                SessionState state = users.localSession(user);
                body = state == null ? null : SessionJson.write(user, state);
            } else {
                body = users.localRecommendation(user);
            }
        } catch (IllegalStateException e) {
            return Reply.retryLater(e.getMessage());
        }
        if (body == null) {
            return Reply.error(404, "unknown user");
        }
        if (surface != null) {
            body = SurfaceView.select(body, surface);
            if (body == null) {
                return Reply.error(404, "no such surface (see the setting surfaces)");
            }
        }
        return Reply.of(200, body);
    }
}
