package io.streamrec.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.app.StreamrecApp;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.http.HttpApi;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import java.io.IOException;
import java.time.Duration;

/** The app with its HTTP API and Prometheus registry, wired in the order they need each other. */
record ServedApp(StreamrecApp app, HttpApi http) {

    /** Binds the HTTP port first: Kafka Streams must know its {@code application.server} when it is built. */
    static ServedApp create(StreamrecConfig config, ModelHolder models) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpApi http = config.http().enabled() ? HttpApi.bind(config.http()) : null;
        StreamrecApp app = new StreamrecApp(config, models, new PipelineMetrics(registry),
                http == null ? null : http.applicationServer());
        if (http != null) {
            http.serve(app, registry);
        }
        return new ServedApp(app, http);
    }

    void close(Duration timeout) {
        app.close(timeout);
        if (http != null) {
            http.close();
        }
    }
}
