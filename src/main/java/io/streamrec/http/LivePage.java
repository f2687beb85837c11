package io.streamrec.http;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.util.function.Supplier;

/** Placeholder; filled in below. */
final class LivePage implements AutoCloseable {
    LivePage(Supplier<Serving> serving) {
    }

    void index(Context ctx) {
        Reply.error(404, "no such endpoint").send(ctx);
    }

    void subscribe(SseClient client) {
        client.close();
    }

    @Override
    public void close() {
    }
}
