package io.streamrec.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The routing table: which path goes to which endpoint, the guard in front, JSON errors for the rest. */
final class Routes {
    private static final Logger log = LoggerFactory.getLogger(Routes.class);

    private Routes() {
    }

    static void register(RoutesConfig routes, Guard guard, HealthEndpoint health, MetricsEndpoint metrics,
                         UserEndpoint users, TrendingEndpoint trending, VariantsEndpoint variants,
                         LivePage page, UserFeed feed) {
        routes.before(guard::check);
        routes.get("/health/live", health::live);
        routes.get("/health/ready", health::ready);
        routes.get("/metrics", metrics::scrape);
        routes.get(UserPath.RECOMMENDATIONS + "<user>", users::recommendation);
        routes.get("/recommendations", users::recommendation);
        routes.get(UserPath.USERS + "<path>", users::session);
        routes.get("/users", users::session);
        routes.get("/trending", trending::trending);
        routes.get("/variants", variants::variants);
        if (page != null) {
            routes.get("/", page::index);
            routes.sse("/live/metrics", page::subscribe);
            routes.get("/live/users", page::recentUsers);
            routes.sse(UserFeed.PREFIX + "<user>", feed::subscribe);
        }
        routes.get("/<path>", Routes::notFound);
        routes.error(404, ctx -> {
            if (ctx.result() == null) {
                notFound(ctx);
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            log.warn("HTTP GET {} failed: {}", route(ctx), e.getClass().getName());
            Reply.error(500, "internal error").send(ctx);
        });
    }

    /** The route's template (e.g. {@code /recommendations/<user>}), never the path: that holds the user id. */
    private static String route(Context ctx) {
        try {
            return ctx.endpoint().path;
        } catch (RuntimeException none) {
            return "(no route)";
        }
    }

    private static void notFound(Context ctx) {
        Reply.error(404, "no such endpoint").send(ctx);
    }
}
