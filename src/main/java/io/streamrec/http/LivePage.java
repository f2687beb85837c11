package io.streamrec.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /}: a static page (from the jar's {@code web/index.html}) that draws the pipeline live;
 * {@code GET /live/metrics}: server-sent events, one {@code metrics} event per second ({@link LiveSampler});
 * {@code GET /live/users}: the users whose lists were written most recently, for the page's picker
 * ({@link RecentUsers}, fed by a {@link ListTail} once {@link #follow} gave one). One user's stream is
 * {@link UserFeed}'s. Behind the same token as the API; at most {@link #MAX_VIEWERS} metrics streams at once.
 */
final class LivePage implements AutoCloseable {
    static final int MAX_VIEWERS = 16;
    private static final Logger log = LoggerFactory.getLogger(LivePage.class);

    private final Supplier<Serving> serving;
    private final byte[] page;
    private final LiveSampler sampler = new LiveSampler();
    private final RecentUsers recent = new RecentUsers();
    private volatile ListTail tail;
    private final Set<SseClient> viewers = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "streamrec-http-live");
        t.setDaemon(true);
        return t;
    });

    LivePage(Supplier<Serving> serving) {
        this.serving = serving;
        try (InputStream in = LivePage.class.getResourceAsStream("/web/index.html")) {
            if (in == null) {
                throw new IllegalStateException("web/index.html is missing from the classpath");
            }
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void index(Context ctx) {
        ctx.header("Cache-Control", "no-cache").header("X-Content-Type-Options", "nosniff")
                .contentType("text/html; charset=utf-8").result(page);
    }

    /** {@code {"users": [newest first]}}; asking keeps the {@link ListTail} reading for a while. */
    void recentUsers(Context ctx) {
        ListTail following = tail;
        if (following != null) {
            following.want();
        }
        ObjectNode body = Reply.JSON.createObjectNode();
        recent.newest().forEach(body.putArray("users")::add);
        Reply.of(200, Reply.json(body)).with("Cache-Control", "no-store").send(ctx);
    }

    /** Where the picker's users come from (the app's {@code recommendations} topic); closed with the page. */
    void follow(ListTail listTail) {
        this.tail = listTail;
    }

    RecentUsers recent() {
        return recent;
    }

    void subscribe(SseClient client) {
        if (viewers.size() >= MAX_VIEWERS) {
            client.sendEvent("busy", "{\"error\":\"" + MAX_VIEWERS + " viewers already\"}");
            client.close();
            return;
        }
        client.keepAlive();
        client.onClose(() -> viewers.remove(client));
        viewers.add(client);
    }

    /** Samples every second, viewers or not, so that the first point a viewer gets is a rate over one second. */
    private void tick() {
        Serving current = serving.get();
        if (current == null) {
            return;
        }
        String point;
        try {
            point = new String(Reply.json(sampler.sample(current.registry(), System.nanoTime(),
                    System.currentTimeMillis())), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            log.warn("live page: sampling the meters failed: {}", e.toString());
            return;
        }
        for (SseClient viewer : viewers) {
            try {
                viewer.sendEvent("metrics", point);
            } catch (RuntimeException gone) {
                viewers.remove(viewer);
            }
        }
    }

    int viewers() {
        return viewers.size();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        ListTail following = tail;
        if (following != null) {
            following.close();
        }
        viewers.forEach(SseClient::close);
    }
}
