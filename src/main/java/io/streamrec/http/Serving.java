package io.streamrec.http;

import io.streamrec.variants.OnlineFeedback;
import io.streamrec.variants.VariantModels;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** What the endpoints answer from once the app is built; until then user endpoints and metrics answer 503. */
record Serving(UserDirectory users, InstanceHealth health, PrometheusMeterRegistry registry, TrendingReader trending,
               Models models) {
    /** The variants this instance serves and its online feedback; {@code k} is the lists' length. */
    record Models(VariantModels variants, OnlineFeedback feedback, int k) {
    }

    Serving(UserDirectory users, InstanceHealth health, PrometheusMeterRegistry registry) {
        this(users, health, registry, null, null);
    }
}
