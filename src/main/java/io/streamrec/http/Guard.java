package io.streamrec.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.streamrec.config.HttpSettings;

/**
 * Runs before every route: path length, GET only, then (except for {@code /health/*}) who is calling and the
 * per-client rate limit, counted after authentication: a caller without the token has buckets of its own, so a
 * flood of unauthenticated requests cannot starve the clients that hold it. Requests forwarded by another
 * instance with the forward token were counted where they entered and pass. {@code /metrics} needs no token.
 */
final class Guard {
    static final int MAX_PATH_LENGTH = 512;

    private final HttpSettings settings;
    private final ClientLimits limits;

    Guard(HttpSettings settings) {
        this.settings = settings;
        this.limits = new ClientLimits(settings.maxRequestsPerSecond());
    }

    void check(Context ctx) {
        String path = ctx.req().getRequestURI();
        if (path.length() > MAX_PATH_LENGTH) {
            stop(ctx, Reply.error(414, "path too long"));
        } else if (ctx.method() != HandlerType.GET) {
            stop(ctx, Reply.error(405, "read-only API: GET only").with("Allow", "GET"));
        } else if (!path.startsWith("/health/")) {
            admit(ctx, path);
        }
    }

    private void admit(Context ctx, String path) {
        Caller caller = Caller.identify(settings, ctx.header("Authorization"),
                ctx.header(HttpApi.FORWARDED_HEADER) != null);
        if (caller == Caller.PEER) {
            return;
        }
        if (!limits.tryAcquire(ctx.ip(), caller == Caller.CLIENT)) {
            stop(ctx, Reply.error(429, "rate limit of " + limits.perSecond() + " requests/s per client")
                    .with("Retry-After", "1"));
        } else if (caller == Caller.ANONYMOUS && !path.equals("/metrics")) {
            stop(ctx, Reply.error(401, "missing or wrong bearer token").with("WWW-Authenticate", "Bearer"));
        }
    }

    private static void stop(Context ctx, Reply reply) {
        reply.send(ctx);
        ctx.skipRemainingHandlers();
    }
}
