package io.streamrec.deploy;

import static io.streamrec.deploy.Manifests.container;
import static io.streamrec.deploy.Manifests.maps;
import static io.streamrec.deploy.Manifests.path;
import static io.streamrec.deploy.Rendering.setting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.streamrec.metrics.PipelineMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The example PrometheusRule against the metrics the app exports. */
class KubernetesManifestsAlertsTest {
    /** The example alerts cover lag, dead letters, latency and readiness, with metric names the app exports. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.streamrec.deploy.Rendering#renderings")
    void alertRulesUseMetricsTheAppExports(Rendering r) {
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> rule : r.all("PrometheusRule")) {
            for (Map<String, Object> group : maps(path(rule, "spec", "groups"))) {
                for (Map<String, Object> alert : maps(group.get("rules"))) {
                    assertNotNull(alert.get("alert"), "recording rules are not expected here: " + alert);
                    exprs.add(String.valueOf(alert.get("expr")));
                }
            }
        }
        assertTrue(exprs.stream().anyMatch(e -> e.contains("kafka_consumergroup_lag") || e.contains("records_lag_max")), "a lag alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("streamrec_dlq_records_total")), "a dead-letter alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("histogram_quantile(0.99")
                && e.contains("streamrec_event_to_recommendation_seconds_bucket")), "a p99 latency alert");
        assertTrue(exprs.stream().anyMatch(e -> e.contains("kube_statefulset_status_replicas_ready")
                || e.contains("kube_pod_status_ready")), "a not-ready alert");

        // The lag alerts name the consumer group, which is the app's application.id.
        Map<String, Object> sts = r.single("StatefulSet");
        String appId = setting(r.effectiveEnv(r.podSpec(sts), container(r.podSpec(sts), "streamrec")), "application.id");
        Matcher group = Pattern.compile("consumergroup\\s*=~?\\s*\"([^\"]*)\"").matcher(String.join("\n", exprs));
        while (group.find()) {
            assertEquals(appId, group.group(1), "alert on consumer group " + group.group(1) + ", but application.id is " + appId);
        }

        Set<String> exported = exportedMetricNames();
        Matcher m = Pattern.compile("\\bstreamrec_[a-z0-9_]+").matcher(String.join("\n", exprs));
        while (m.find()) {
            assertTrue(exported.contains(m.group()), "alert uses " + m.group() + ", which the app does not export; it does: " + exported);
        }
    }

    /** Metric names in the app's Prometheus output: PipelineMetrics' meters, plus the model info gauge. */
    private static Set<String> exportedMetricNames() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new PipelineMetrics(registry);
        Set<String> names = new TreeSet<>();
        registry.scrape().lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        // Registered by StreamrecApp (it needs a loaded model): Gauge "streamrec.model.info", tag version.
        names.add("streamrec_model_info");
        return names;
    }
}
