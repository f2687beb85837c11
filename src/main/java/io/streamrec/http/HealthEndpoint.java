package io.streamrec.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.function.Supplier;

/**
 * {@code GET /health/live}: 200 unless a stream thread failed; {@code GET /health/ready}: 200 when Kafka Streams is
 * RUNNING and a model is loaded. No token, no rate limit, and answered on the server's threads, never queued
 * behind user requests, so that probes answer while the API is saturated.
 */
final class HealthEndpoint {
    private final Supplier<Serving> serving;

    HealthEndpoint(Supplier<Serving> serving) {
        this.serving = serving;
    }

    void live(Context ctx) {
        InstanceHealth health = health();
        boolean live = health == null || health.live();
        answer(ctx, live, live ? "live" : "failed", health);
    }

    void ready(Context ctx) {
        InstanceHealth health = health();
        boolean ready = health != null && health.ready();
        answer(ctx, ready, ready ? "ready" : "not ready", health);
    }

    private InstanceHealth health() {
        Serving current = serving.get();
        return current == null ? null : current.health();
    }

    private static void answer(Context ctx, boolean ok, String status, InstanceHealth health) {
        ObjectNode node = Reply.JSON.createObjectNode().put("status", status);
        if (health != null) {
            node.put("streams", health.streamsState()).put("model", health.modelVersion());
        }
        Reply.of(ok ? 200 : 503, Reply.json(node)).send(ctx);
    }
}
