package io.streamrec.http;

import io.javalin.http.Context;
import java.util.function.Supplier;

/** {@code GET /metrics}: Prometheus text (ours, Kafka Streams', JVM). No token: it holds no user data. */
final class MetricsEndpoint {
    private final Supplier<Serving> serving;

    MetricsEndpoint(Supplier<Serving> serving) {
        this.serving = serving;
    }

    void scrape(Context ctx) {
        Serving current = serving.get();
        if (current == null) {
            Reply.error(503, "starting").send(ctx);
            return;
        }
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(current.registry().scrape());
    }
}
