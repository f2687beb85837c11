package io.streamrec.config;

/**
 * The embedded HTTP server.
 *
 * @param port                  listening port; 0 picks a free one, -1 turns the server off
 * @param advertisedHost        host other instances use to reach this one (Kafka Streams {@code application.server})
 * @param authToken             bearer token required on everything but {@code /health/*}; empty: no auth
 * @param maxRequestsPerSecond  requests above this rate get 429
 */
public record HttpSettings(int port, String advertisedHost, String authToken, int maxRequestsPerSecond) {
    public boolean enabled() {
        return port >= 0;
    }

    public boolean requiresAuth() {
        return authToken != null && !authToken.isBlank();
    }
}
