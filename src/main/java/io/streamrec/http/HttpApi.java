package io.streamrec.http;

import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.app.StreamrecApp;
import io.streamrec.config.HttpSettings;
import io.streamrec.kafka.KafkaClients;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP surface of one instance (Javalin on Jetty), assembled from small parts:
 * {@link Routes} (what goes where), {@link Guard} (GET only, token, per-client limits), {@link HealthEndpoint},
 * {@link MetricsEndpoint}, {@link UserEndpoint} (store reads and {@link Forwarder forwarding} on the
 * {@link ApiPool}), {@link LivePage} (the live page, its metrics stream and picker), {@link UserFeed} (one user, live), {@link JettySetup} and
 * {@link HeaderDeadline} (bounded threads, queues and timeouts), {@link Exposure} (no user data to the network
 * without a token).
 */
public final class HttpApi implements AutoCloseable {
    /** Names the instance ({@code host:port}) that owns the user and answered from its store. */
    public static final String OWNER_HEADER = "X-Streamrec-Owner";
    /** Marks a request one instance forwarded to another; such a request is never forwarded again. */
    static final String FORWARDED_HEADER = "X-Streamrec-Forwarded";
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final Javalin server;
    private final HttpSettings settings;
    private final AtomicReference<Serving> serving;
    private final ApiPool pool;
    private final HeaderDeadline deadline;
    private final LivePage page;
    private final UserFeed feed;

    private HttpApi(Javalin server, HttpSettings settings, AtomicReference<Serving> serving, ApiPool pool,
                    LivePage page, UserFeed feed) {
        this.server = server;
        this.settings = settings;
        this.serving = serving;
        this.pool = pool;
        this.page = page;
        this.feed = feed;
        this.deadline = new HeaderDeadline(settings.headerTimeout());
        deadline.watch(server.jettyServer().server());
    }

    /**
     * Binds the port (so {@link #applicationServer()} is known before Kafka Streams is built) and starts serving.
     *
     * @throws io.streamrec.config.ConfigException when user data would reach the network without a token
     */
    public static HttpApi bind(HttpSettings settings) throws IOException {
        String host = Exposure.bindHost(settings);
        AtomicReference<Serving> serving = new AtomicReference<>();
        ApiPool pool = new ApiPool(settings.apiThreads(), settings.apiQueue(), settings.requestTimeout());
        LivePage page = settings.pageEnabled() ? new LivePage(serving::get) : null;
        Duration forwardTimeout = settings.requestTimeout().compareTo(Duration.ofSeconds(5)) < 0
                ? settings.requestTimeout() : Duration.ofSeconds(5);
        UserReads reads = new UserReads(new Forwarder(settings.peerToken(), forwardTimeout));
        UserEndpoint users = new UserEndpoint(serving::get, pool, reads);
        UserFeed feed = settings.pageEnabled() ? new UserFeed(serving::get, reads) : null;
        TrendingEndpoint trending = new TrendingEndpoint(serving::get, pool);
        VariantsEndpoint variants = new VariantsEndpoint(serving::get);
        Javalin server = Javalin.create(config -> {
            JettySetup.apply(config, settings, host);
            Routes.register(config.routes, new Guard(settings), new HealthEndpoint(serving::get),
                    new MetricsEndpoint(serving::get), users, trending, variants, page, feed);
        });
        try {
            server.start();
        } catch (JavalinBindException e) {
            server.stop();
            pool.close();
            if (page != null) {
                page.close();
                feed.close();
            }
            throw new BindException(e.getMessage());
        }
        HttpApi api = new HttpApi(server, settings, serving, pool, page, feed);
        log.info("HTTP API on {}:{}{}", host == null ? "*" : host, api.port(),
                settings.requiresAuth() ? " (bearer token required)" : " (no token)");
        return api;
    }

    /** Starts answering app requests (until then they get 503). */
    public void serve(StreamrecApp app, PrometheusMeterRegistry registry) {
        if (page != null) {
            page.follow(new ListTail(KafkaClients.of(app.config()), app.config().recommendationsTopic(),
                    page.recent()));
        }
        serve(new UserLookup(app.streams(), applicationServer()), new AppHealth(app), registry,
                app.config().catalog().enabled()
                        ? new StoreTrending(app.streams(), app.partitions(), app.config().catalog().trending()) : null,
                new Serving.Models(app.variants(), app.feedback(), app.config().topK()));
    }

    void serve(UserDirectory users, InstanceHealth health, PrometheusMeterRegistry registry) {
        serve(users, health, registry, null, null);
    }

    void serve(UserDirectory users, InstanceHealth health, PrometheusMeterRegistry registry,
               TrendingReader trending, Serving.Models models) {
        serving.set(new Serving(users, health, registry, trending, models));
    }

    /** The live page, or null when {@code http.page.enabled=false}. */
    LivePage page() {
        return page;
    }

    public int port() {
        return server.port();
    }

    /** {@code host:port} for Kafka Streams' {@code application.server}. */
    public String applicationServer() {
        return settings.advertisedHost() + ":" + port();
    }

    @Override
    public void close() {
        deadline.close();
        if (page != null) {
            page.close();
            feed.close();
        }
        server.stop();
        pool.close();
    }
}
