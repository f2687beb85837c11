package io.streamrec.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.app.StreamrecApp;
import io.streamrec.config.HttpSettings;
import io.streamrec.session.Interaction;
import io.streamrec.session.SessionState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP surface of one instance (JDK HTTP server, no framework):
 * <ul>
 *   <li>{@code GET /recommendations/{user}}: the user's current list, byte for byte the topic's record;</li>
 *   <li>{@code GET /users/{user}/session}: the stored sequence, purchases, counters and session vector;</li>
 *   <li>{@code GET /health/live}, {@code GET /health/ready}: for Kubernetes probes;</li>
 *   <li>{@code GET /metrics}: Prometheus text.</li>
 * </ul>
 * A user owned by another instance is fetched from it (Kafka Streams interactive-query metadata). Optional bearer
 * token on everything but health and metrics (which hold no user data, so Prometheus scrapes without a secret);
 * path length and request rate are bounded.
 */
public final class HttpApi implements AutoCloseable {
    static final String FORWARDED_HEADER = "X-Streamrec-Forwarded";
    /** Names the instance ({@code host:port}) that owns the user and answered from its store. */
    public static final String OWNER_HEADER = "X-Streamrec-Owner";
    private static final int MAX_PATH_LENGTH = 512;
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final HttpSettings settings;
    private final RateLimiter limiter;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "streamrec-http");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile StreamrecApp app;
    private volatile PrometheusMeterRegistry registry;
    private volatile UserLookup lookup;

    private HttpApi(HttpServer server, HttpSettings settings) {
        this.server = server;
        this.settings = settings;
        this.limiter = new RateLimiter(settings.maxRequestsPerSecond());
    }

    /** Binds the port (so {@link #applicationServer()} is known before Kafka Streams is built) and starts serving. */
    public static HttpApi bind(HttpSettings settings) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.port()), 64);
        HttpApi api = new HttpApi(server, settings);
        server.createContext("/", api::handle);
        server.setExecutor(api.executor);
        server.start();
        log.info("HTTP API on port {}", api.port());
        return api;
    }

    /** Starts answering app requests (until then they get 503). */
    public void serve(StreamrecApp app, PrometheusMeterRegistry registry) {
        this.registry = registry;
        this.lookup = new UserLookup(app.streams(), applicationServer());
        this.app = app;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code host:port} for Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return settings.advertisedHost() + ":" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (path.length() > MAX_PATH_LENGTH) {
                send(exchange, 414, error("path too long"));
            } else if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET");
                send(exchange, 405, error("read-only API: GET only"));
            } else if (path.startsWith("/health/")) {
                health(exchange, path);
            } else if (path.equals("/metrics")) {
                metrics(exchange);
            } else if (!limiter.tryAcquire()) {
                send(exchange, 429, error("rate limit of " + settings.maxRequestsPerSecond() + " requests/s"));
            } else if (settings.requiresAuth() && !authorized(exchange)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                send(exchange, 401, error("missing or wrong bearer token"));
            } else {
                route(exchange, path);
            }
        } catch (RuntimeException e) {
            log.warn("HTTP {} failed: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private void health(HttpExchange exchange, String path) throws IOException {
        StreamrecApp current = app;
        switch (path) {
            case "/health/live" -> {
                boolean live = current == null || current.isLive();
                send(exchange, live ? 200 : 503, status(live ? "live" : "failed", current));
            }
            case "/health/ready" -> {
                boolean ready = current != null && current.isReady();
                send(exchange, ready ? 200 : 503, status(ready ? "ready" : "not ready", current));
            }
            default -> send(exchange, 404, error("no such endpoint"));
        }
    }

    private void route(HttpExchange exchange, String path) throws IOException {
        if (app == null) {
            send(exchange, 503, error("starting"));
        } else if (path.startsWith("/recommendations/") && path.length() > "/recommendations/".length()) {
            userResource(exchange, decode(path.substring("/recommendations/".length())), false);
        } else if (path.startsWith("/users/") && path.endsWith("/session")) {
            String user = path.substring("/users/".length(), path.length() - "/session".length());
            if (user.isEmpty()) {
                send(exchange, 404, error("no such endpoint"));
            } else {
                userResource(exchange, decode(user), true);
            }
        } else {
            send(exchange, 404, error("no such endpoint"));
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (registry == null) {
            send(exchange, 503, error("starting"));
            return;
        }
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void userResource(HttpExchange exchange, String user, boolean session) throws IOException {
        UserLookup.Owner owner = lookup.owner(user);
        if (!owner.unavailable()) {
            exchange.getResponseHeaders().add(OWNER_HEADER, owner.hostPort());
        }
        if (owner.unavailable()) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            send(exchange, 503, error("the partition of this user is being rebalanced or restored"));
        } else if (!owner.local()) {
            if (exchange.getRequestHeaders().containsKey(FORWARDED_HEADER)) {
                send(exchange, 503, error("ownership moved while forwarding; retry"));
            } else {
                forward(exchange, owner.hostPort());
            }
        } else {
            byte[] body;
            try {
                body = session ? sessionJson(user) : lookup.localRecommendation(user);
            } catch (IllegalStateException e) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 503, error(e.getMessage()));
                return;
            }
            if (body == null) {
                send(exchange, 404, error("unknown user"));
            } else {
                send(exchange, 200, body);
            }
        }
    }

    private byte[] sessionJson(String user) throws IOException {
        SessionState state = lookup.localSession(user);
        if (state == null) {
            return null;
        }
        ObjectNode node = JSON.createObjectNode().put("user", user);
        var interactions = node.putArray("interactions");
        for (Interaction i : state.interactions()) {
            interactions.addObject().put("item", i.item()).put("type", i.type().wireName()).put("ts", i.ts());
        }
        var purchased = node.putArray("purchased");
        state.purchased().forEach(purchased::add);
        node.put("event_count", state.eventCount()).put("seq", state.seq()).put("newest_event_ts", state.newestEventTs());
        var vector = node.putArray("session_vector");
        for (float value : state.sessionVector()) {
            vector.add(value);
        }
        return JSON.writeValueAsBytes(node);
    }

    private void forward(HttpExchange exchange, String hostPort) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + hostPort
                        + exchange.getRequestURI().getRawPath()))
                .timeout(Duration.ofSeconds(5)).header(FORWARDED_HEADER, "1").GET();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth != null) {
            request.header("Authorization", auth);
        }
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            send(exchange, response.statusCode(), response.body());
        } catch (IOException e) {
            send(exchange, 502, error("owner instance " + hostPort + " did not answer: " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(exchange, 503, error("interrupted"));
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && java.security.MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8),
                ("Bearer " + settings.authToken()).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static byte[] status(String status, StreamrecApp app) throws IOException {
        ObjectNode node = JSON.createObjectNode().put("status", status);
        if (app != null) {
            node.put("streams", app.streams().state().toString()).put("model", app.models().current().version());
        }
        return JSON.writeValueAsBytes(node);
    }

    private static byte[] error(String message) throws IOException {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", message));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }
}
