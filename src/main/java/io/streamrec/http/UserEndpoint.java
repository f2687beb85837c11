package io.streamrec.http;

import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * {@code GET /recommendations/{user}} (the list, byte for byte the topic's record; {@code ?surface=NAME} one
 * surface's list, see {@link SurfaceView}) and
 * {@code GET /users/{user}/session}: answered from the local store when this instance owns the user, else
 * forwarded to the owner once ({@link UserReads}). The work runs on the {@link ApiPool}.
 */
final class UserEndpoint {
    private final Supplier<Serving> serving;
    private final ApiPool pool;
    private final UserReads reads;

    UserEndpoint(Supplier<Serving> serving, ApiPool pool, UserReads reads) {
        this.serving = serving;
        this.pool = pool;
        this.reads = reads;
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
        ctx.future(() -> pool.submit(() -> reads.read(current.users(), user, session, surface, forwarded))
                .thenAccept(reply -> reply.send(ctx)));
    }
}
