package io.streamrec.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.catalog.DecayedCounter;
import io.streamrec.config.ConfigLoader;
import io.streamrec.config.HttpSettings;
import io.streamrec.session.SessionState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An {@link HttpApi} on a free port, configured through the real settings keys, answering from an in-memory
 * user directory instead of Kafka Streams.
 */
final class TestServer implements AutoCloseable {
    static final String SELF = "127.0.0.1:1";

    final HttpApi api;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final Map<String, byte[]> lists = new ConcurrentHashMap<>();
    final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
    final Map<String, String> owners = new ConcurrentHashMap<>();
    final Map<String, DecayedCounter> trending = new ConcurrentHashMap<>();
    volatile Function<String, UserDirectory.Owner> ownerOverride;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private TestServer(HttpApi api) {
        this.api = api;
    }

    /** {@code settings} are {@code key, value, key, value, ...} on top of {@code http.port=0}. */
    static TestServer start(String... settings) throws IOException {
        return start(null, settings);
    }

    /** With the variants and feedback {@code /variants} shows (null: it answers 503). */
    static TestServer start(Serving.Models models, String... settings) throws IOException {
        TestServer server = new TestServer(HttpApi.bind(settings(settings)));
        server.api.serve(server.new Directory(), new Health(), server.registry,
                scope -> server.trending.getOrDefault(scope, new DecayedCounter(Duration.ofHours(1), 100)), models);
        return server;
    }

    static HttpSettings settings(String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("http.port", "0");
        overrides.put("http.advertised.host", "127.0.0.1");
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(null, Map.of(), overrides).http();
    }

    int port() {
        return api.port();
    }

    HttpResponse<String> get(String path, String token, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(timeout);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return get(path, token, Duration.ofSeconds(10));
    }

    void putList(String user, String json) {
        lists.put(user, json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        api.close();
    }

    private final class Directory implements UserDirectory {
        @Override
        public Owner owner(String user) {
            Function<String, Owner> override = ownerOverride;
            if (override != null) {
                return override.apply(user);
            }
            String remote = owners.get(user);
            return remote == null ? new Owner(true, SELF, false) : new Owner(false, remote, false);
        }

        @Override
        public byte[] localRecommendation(String user) {
            return lists.get(user);
        }

        @Override
        public SessionState localSession(String user) {
            return sessions.get(user);
        }
    }

    private static final class Health implements InstanceHealth {
        @Override
        public boolean live() {
            return true;
        }

        @Override
        public boolean ready() {
            return true;
        }

        @Override
        public String streamsState() {
            return "RUNNING";
        }

        @Override
        public String modelVersion() {
            return "test";
        }
    }
}
