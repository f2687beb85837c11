package io.streamrec.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code GET /live/users/{user}}: server-sent events that follow one user for the live page. Every {@link #PERIOD}
 * it reads what {@code /users/{user}/session} and {@code /recommendations/{user}} would answer ({@link UserReads}:
 * the local store, or the owner instance through forwarding) and pushes {@code session} or {@code list} (the same
 * JSON as those endpoints) when it changed, and {@code status} ({@code {"status": 404|503|..., "error"}}) when the
 * user is unknown or unreachable. Polling, rather than a hook in the topology, follows a user wherever it lives and
 * through rebalances. The polls of all viewers share {@link #POLL_THREADS} threads; at most {@link #MAX_VIEWERS}
 * streams at once.
 */
final class UserFeed implements AutoCloseable {
    static final String PREFIX = "/live/users/";
    static final int MAX_VIEWERS = 16;
    static final int POLL_THREADS = 2;
    static final Duration PERIOD = Duration.ofMillis(250);
    /** A comment this often lets the server notice a viewer that left while nothing changed. */
    private static final long HEARTBEAT_POLLS = 8;

    private final Supplier<Serving> serving;
    private final UserReads reads;
    private final AtomicInteger viewers = new AtomicInteger();
    private final ScheduledExecutorService pollers = Executors.newScheduledThreadPool(POLL_THREADS, r -> {
        Thread t = new Thread(r, "streamrec-http-live-user");
        t.setDaemon(true);
        return t;
    });

    UserFeed(Supplier<Serving> serving, UserReads reads) {
        this.serving = serving;
        this.reads = reads;
    }

    void subscribe(SseClient client) {
        String user;
        try {
            user = UserPath.decode(client.ctx().req().getRequestURI().substring(PREFIX.length()),
                    "expected /live/users/{user}");
        } catch (UserPath.Malformed e) {
            refuse(client, Reply.error(400, e.getMessage()));
            return;
        }
        if (viewers.incrementAndGet() > MAX_VIEWERS) {
            viewers.decrementAndGet();
            refuse(client, Reply.error(503, MAX_VIEWERS + " users followed already; try again later"));
            return;
        }
        client.keepAlive();
        Viewer viewer = new Viewer(client, user);
        ScheduledFuture<?> polls = pollers.scheduleWithFixedDelay(viewer::poll, 0, PERIOD.toMillis(),
                TimeUnit.MILLISECONDS);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                polls.cancel(false);
                viewers.decrementAndGet();
            }
        };
        client.onClose(release);
        if (client.terminated()) {
            release.run();
        }
    }

    private static void refuse(SseClient client, Reply reply) {
        client.sendEvent("refused", statusJson(reply));
        client.close();
    }

    @Override
    public void close() {
        pollers.shutdownNow();
    }

    /** One stream: what it sent last, so that only changes go out. */
    private final class Viewer {
        private final SseClient client;
        private final String user;
        private byte[] session;
        private byte[] list;
        private int status;
        private long polls;

        Viewer(SseClient client, String user) {
            this.client = client;
            this.user = user;
        }

        void poll() {
            try {
                Serving current = serving.get();
                Reply found = current == null ? Reply.retryLater("starting")
                        : reads.read(current.users(), user, true, null, false);
                if (known(found)) {
                    session = changed(session, found, "session");
                    list = changed(list, reads.read(current.users(), user, false, null, false), "list");
                }
                if (++polls % HEARTBEAT_POLLS == 0) {
                    client.sendComment("alive");
                }
            } catch (RuntimeException gone) {
                client.close();
            }
        }

        /** Sends {@code status} when it changed; true when the user's state is there to show. */
        private boolean known(Reply reply) {
            if (reply.status() != status) {
                status = reply.status();
                client.sendEvent("status", statusJson(reply));
            }
            return reply.status() == 200;
        }

        private byte[] changed(byte[] last, Reply reply, String event) {
            if (reply.status() != 200 || Arrays.equals(last, reply.body())) {
                return last;
            }
            client.sendEvent(event, new String(reply.body(), StandardCharsets.UTF_8));
            return reply.body();
        }
    }

    /** {@code {"status": 200}}, or the status with the answer's {@code error} message. */
    private static String statusJson(Reply reply) {
        ObjectNode node = Reply.JSON.createObjectNode().put("status", reply.status());
        if (reply.status() != 200) {
            try {
                node.put("error", Reply.JSON.readTree(reply.body()).path("error").asText(""));
            } catch (IOException notJson) {
                node.put("error", "");
            }
        }
        return new String(Reply.json(node), StandardCharsets.UTF_8);
    }
}
