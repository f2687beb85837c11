package io.streamrec.config;

import java.time.Duration;

/**
 * The embedded HTTP server.
 *
 * @param port                 listening port; 0 picks a free one, -1 turns the server off
 * @param advertisedHost       host other instances use to reach this one (Kafka Streams {@code application.server})
 * @param authToken            bearer token required on everything but {@code /health/*} and {@code /metrics};
 *                             empty: no auth (then {@code run} needs {@code trustedNetwork} or a loopback host)
 * @param forwardToken         bearer token one instance sends another when it forwards a request; empty: the
 *                             {@code authToken}. The caller's own token is never forwarded
 * @param trustedNetwork       serve user data without a token on all interfaces (a network only trusted parties reach)
 * @param maxRequestsPerSecond requests per second per client (remote address), counted after authentication
 * @param threads              server threads (request parsing, health, metrics, the page)
 * @param apiThreads           threads that read stores and forward user requests
 * @param apiQueue             user requests waiting for an API thread; beyond it the API answers 503
 * @param headerTimeout        a connection must deliver a complete request head this soon after it opened or after
 *                             its previous response, or it is closed (slow clients, slow-loris)
 * @param idleTimeout          a connection with no byte read or written for this long is closed
 * @param requestTimeout       a user request not answered within this gets 503
 * @param pageEnabled          serve the live page at {@code /} and its stream at {@code /live/metrics}
 */
public record HttpSettings(int port, String advertisedHost, String authToken, String forwardToken,
                           boolean trustedNetwork, int maxRequestsPerSecond, int threads, int apiThreads,
                           int apiQueue, Duration headerTimeout, Duration idleTimeout, Duration requestTimeout,
                           boolean pageEnabled) {
    /** Jetty needs an acceptor, a selector and a reserve besides the threads that handle requests. */
    public static final int MIN_THREADS = 6;

    public HttpSettings {
        authToken = authToken == null ? "" : authToken.trim();
        forwardToken = forwardToken == null ? "" : forwardToken.trim();
        if (threads < MIN_THREADS) {
            throw new ConfigException("http.threads must be at least " + MIN_THREADS + ", got " + threads);
        }
        if (apiThreads < 1 || apiQueue < 0 || maxRequestsPerSecond < 1) {
            throw new ConfigException("http.api.threads and http.max.requests.per.second must be positive and"
                    + " http.api.queue not negative, got " + apiThreads + ", " + maxRequestsPerSecond + ", " + apiQueue);
        }
        for (Duration timeout : new Duration[] {headerTimeout, idleTimeout, requestTimeout}) {
            if (timeout.isZero()) {
                throw new ConfigException("http.*.timeout.ms must be positive");
            }
        }
    }

    public boolean enabled() {
        return port >= 0;
    }

    public boolean requiresAuth() {
        return !authToken.isEmpty();
    }

    /** What this instance sends when it forwards a request to another: the forward token, else the auth token. */
    public String peerToken() {
        return forwardToken.isEmpty() ? authToken : forwardToken;
    }

    /** The same settings on another port (the demo falls back to a free one). */
    public HttpSettings withPort(int newPort) {
        return new HttpSettings(newPort, advertisedHost, authToken, forwardToken, trustedNetwork, maxRequestsPerSecond,
                threads, apiThreads, apiQueue, headerTimeout, idleTimeout, requestTimeout, pageEnabled);
    }

    @Override
    public String toString() {
        return "HttpSettings[port=" + port + ", advertisedHost=" + advertisedHost + ", auth=" + requiresAuth()
                + ", trustedNetwork=" + trustedNetwork + ", maxRequestsPerSecond=" + maxRequestsPerSecond + "]";
    }
}
