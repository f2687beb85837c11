package io.streamrec.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.streamrec.catalog.DecayedCounter;
import io.streamrec.catalog.Trending;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET /trending?category=&n=}: the items trending in the events, overall or in one category, best first, with
 * their decayed scores at the newest event counted: {@code {"scope","category","at","items":[{"item","score"}]}}.
 */
final class TrendingEndpoint {
    static final int DEFAULT_N = 10;
    static final int MAX_N = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<Serving> serving;
    private final ApiPool pool;

    TrendingEndpoint(Supplier<Serving> serving, ApiPool pool) {
        this.serving = serving;
        this.pool = pool;
    }

    void trending(Context ctx) {
        String category = ctx.queryParam("category");
        int n;
        try {
            String raw = ctx.queryParam("n");
            n = raw == null ? DEFAULT_N : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_N) {
            Reply.error(400, "n must be a whole number from 1 to " + MAX_N).send(ctx);
            return;
        }
        Serving current = serving.get();
        if (current == null) {
            Reply.error(503, "starting").send(ctx);
            return;
        }
        if (current.trending() == null) {
            Reply.error(404, "trending is off (catalog.enabled=false)").send(ctx);
            return;
        }
        String scope = category == null || category.isBlank() ? Trending.GLOBAL_SCOPE : Trending.categoryScope(category);
        int limit = n;
        ctx.future(() -> pool.submit(() -> answer(current.trending(), scope, category, limit))
                .thenAccept(reply -> reply.send(ctx)));
    }

    private static Reply answer(TrendingReader trending, String scope, String category, int n) {
        DecayedCounter counter;
        try {
            counter = trending.scope(scope);
        } catch (IllegalStateException e) {
            return Reply.retryLater(e.getMessage());
        }
        ObjectNode body = JSON.createObjectNode().put("scope", scope);
        if (category == null || category.isBlank()) {
            body.putNull("category");
        } else {
            body.put("category", category);
        }
        body.put("at", counter.newestTs());
        ArrayNode items = body.putArray("items");
        for (DecayedCounter.Entry entry : counter.top(n, counter.newestTs())) {
            items.addObject().put("item", entry.item()).put("score", (float) entry.score());
        }
        try {
            return Reply.of(200, JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
