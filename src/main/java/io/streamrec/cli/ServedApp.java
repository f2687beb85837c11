package io.streamrec.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.app.StreamrecApp;
import io.streamrec.config.StreamrecConfig;
import io.streamrec.http.HttpApi;
import io.streamrec.metrics.PipelineMetrics;
import io.streamrec.scoring.ModelHolder;
import io.streamrec.config.HttpSettings;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;

/** The app with its HTTP API and Prometheus registry, wired in the order they need each other. */
record ServedApp(StreamrecApp app, HttpApi http) {

    /** Binds the HTTP port first: Kafka Streams must know its {@code application.server} when it is built. */
    static ServedApp create(StreamrecConfig config, ModelHolder models) throws IOException {
        return create(config, models, false);
    }

    /** @param anyPortIfTaken bind a free port when the configured one is in use (the demo, not production) */
    static ServedApp create(StreamrecConfig config, ModelHolder models, boolean anyPortIfTaken) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpApi http = config.http().enabled() ? bind(config.http(), anyPortIfTaken) : null;
        StreamrecApp app = new StreamrecApp(config, models, new PipelineMetrics(registry),
                http == null ? null : http.applicationServer());
        if (http != null) {
            http.serve(app, registry);
        }
        return new ServedApp(app, http);
    }

    private static HttpApi bind(HttpSettings settings, boolean anyPortIfTaken) throws IOException {
        try {
            return HttpApi.bind(settings);
        } catch (BindException e) {
            if (!anyPortIfTaken) {
                throw new BindException("HTTP port " + settings.port() + " is in use (set http.port): " + e.getMessage());
            }
            return HttpApi.bind(settings.withPort(0));
        }
    }

    /** @return true when the stream threads stopped: only then may the model's native session be freed */
    boolean close(Duration timeout) {
        boolean clean = app.close(timeout);
        if (http != null) {
            http.close();
        }
        return clean;
    }
}
