package io.streamrec.http;

import io.javalin.http.Context;
import io.streamrec.session.SessionState;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /recommendations/{user}} (the list, byte for byte the topic's record; {@code ?surface=NAME} one
 * surface's list, see {@link SurfaceView}) and
 * {@code GET /users/{user}/session}: answered from the local store when this instance owns the user, else
 * forwarded to the owner once (a forwarded request that finds the user moved again answers 503). The work runs on
 * the {@link ApiPool}; logs never name the user.
 */
final class UserEndpoint {
    private static final Logger log = LoggerFactory.getLogger(UserEndpoint.class);

    private final Supplier<Serving> serving;
    private final ApiPool pool;
    private final Forwarder forwarder;

    UserEndpoint(Supplier<Serving> serving, ApiPool pool, Forwarder forwarder) {
        this.serving = serving;
        this.pool = pool;
        this.forwarder = forwarder;
    }

    void recommendation(Context ctx) {
        answer(ctx, false);
    }

    void session(Context ctx) {
        answer(ctx, true);
    }

    private void answer(Context ctx, boolean session) {
        String user;
        try {
            String raw = ctx.req().getRequestURI();
            user = session ? UserPath.sessionUser(raw) : UserPath.recommendationUser(raw);
        } catch (UserPath.Malformed e) {
            Reply.error(400, e.getMessage()).send(ctx);
            return;
        }
        Serving current = serving.get();
        if (current == null) {
            Reply.error(503, "starting").send(ctx);
            return;
        }
        boolean forwarded = ctx.header(HttpApi.FORWARDED_HEADER) != null;
        String surface = session ? null : ctx.queryParam("surface");
        ctx.future(() -> pool.submit(() -> lookup(current.users(), user, session, surface, forwarded))
                .thenAccept(reply -> reply.send(ctx)));
    }

    private Reply lookup(UserDirectory users, String user, boolean session, String surface, boolean forwarded) {
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
