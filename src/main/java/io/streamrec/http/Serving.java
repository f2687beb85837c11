package io.streamrec.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the endpoints answer from once the app is built; until then user endpoints and metrics answer 503. */
record Serving(UserDirectory users, InstanceHealth health, PrometheusMeterRegistry registry, TrendingReader trending) {
    Serving(UserDirectory users, InstanceHealth health, PrometheusMeterRegistry registry) {
        this(users, health, registry, null);
    }
}
